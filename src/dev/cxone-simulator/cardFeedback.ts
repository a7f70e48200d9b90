import { fetch } from "undici";

/** The gateway's push ids ride in the Idempotency-Key of each delivery (`aag-push-<pushId>`). */
export function pushIdOf(idempotencyKey: string | null): string | null {
  const match = /^aag-push-(.+)$/.exec(idempotencyKey ?? "");
  return match ? (match[1] as string) : null;
}

const MUTATION = `mutation CardFeedback($input: CardFeedbackInput!) {
  recordCardFeedback(input: $input) { pushId url helpful }
}`;

/** Where the agent page's helpful / not helpful buttons go: the gateway's GraphQL endpoint. */
export interface FeedbackTarget {
  graphqlUrl: string;
  /** `Bearer <token>` with the role assist:feedback, when the gateway checks tokens. */
  authorization?: string;
}

/**
 * Sends an agent's answer to the gateway, as a card action in the agent's workspace would: returns a short line
 * for the page ("Thanks: marked helpful." or the gateway's error message).
 */
export async function sendCardFeedback(
  target: FeedbackTarget,
  input: { pushId: string; url: string; agentId: string; helpful: boolean },
): Promise<{ ok: boolean; message: string }> {
  try {
    const body = (await askGateway(target, MUTATION, { input })) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = body.errors?.[0];
    if (error) return { ok: false, message: `Not recorded: ${error.message} (${error.extensions?.code ?? "ERROR"})` };
    return { ok: true, message: `Thanks: marked ${input.helpful ? "helpful" : "not helpful"}.` };
  } catch {
    return { ok: false, message: "Not recorded: the gateway did not answer." };
  }
}

/**
 * Which agent a push was for, as the gateway's ledger says (`push(id:)`): `{ agentId }` (null for a push the ledger
 * does not know), or undefined when the gateway could not be asked (down, or the token may not read pushes).
 */
export async function lookupPushAgent(
  target: FeedbackTarget,
  pushId: string,
): Promise<{ agentId: string | null } | undefined> {
  try {
    const body = (await askGateway(target, "query ($id: ID!) { push(id: $id) { agentId } }", { id: pushId })) as {
      data?: { push?: { agentId?: string } | null };
      errors?: unknown[];
    };
    if (body.errors?.length || !body.data) return undefined;
    return { agentId: body.data.push?.agentId ?? null };
  } catch {
    return undefined;
  }
}

/** One GraphQL request to the gateway, with the simulator's token when it has one; the parsed JSON answer. */
async function askGateway(target: FeedbackTarget, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(target.graphqlUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(target.authorization ? { authorization: target.authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(5_000),
  });
  return response.json();
}
