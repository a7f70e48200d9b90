/** Roles a caller's token may carry, and what each allows. */
export const Role = {
  /** Queries: suggestions and the knowledge-base API. */
  KB_READ: "kb:read",
  /** The push mutations. */
  ASSIST_PUSH: "assist:push",
  /** Push history (push, interaction, pushes) and the live feed (pushEvents). */
  ASSIST_READ: "assist:read",
  /** Agents' helpful / not helpful answers about cards (recordCardFeedback). */
  ASSIST_FEEDBACK: "assist:feedback",
  /** Curating what the gateway learned from use (removeLearnedLink). */
  KB_CURATE: "kb:curate",
  /** GET /metrics when AUTH_MODE=jwt. */
  METRICS_READ: "metrics:read",
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Who is calling, as established once per request. */
export interface Caller {
  subject: string;
  roles: ReadonlySet<string>;
  /** When the credentials stop being valid (epoch ms, the token's `exp` plus the clock tolerance); none: never. */
  expiresAt?: number;
}

/** The caller when AUTH_MODE=none (local demo): everything is allowed. */
export const ANONYMOUS_ADMIN: Caller = { subject: "anonymous", roles: new Set(Object.values(Role)) };
