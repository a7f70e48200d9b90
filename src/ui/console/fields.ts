/** A form's field errors, by the form's own field names. */
export type FieldErrors = Record<string, string>;

/** What each push input asks for, in the Push form's words (the API's field name → the form's). */
const PUSH_FIELDS: Record<string, { field: string; says: string }> = {
  interactionId: {
    field: "interaction",
    says: "Interaction: the CXone interaction id, 1-64 letters, digits, - or _ (or a numeric contact id).",
  },
  agentId: { field: "agent", says: "Agent: the agent's id, as CXone knows it." },
  query: { field: "query", says: "Search: 1-256 characters." },
  text: { field: "text", says: "Customer's words: 1-2,000 characters." },
  limit: { field: "limit", says: "Cards: a number from 1 to 20." },
  rank: { field: "rank", says: "Order: choose one of the list." },
};

/** The Push form's own checks, before anything is sent. */
export function checkPushForm(form: {
  interaction: string;
  agent: string;
  from: "query" | "text";
  query: string;
  text: string;
  limit: string;
}): FieldErrors {
  const errors: FieldErrors = {};
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(form.interaction.trim()))
    errors.interaction = PUSH_FIELDS.interactionId?.says ?? "";
  if (!form.agent.trim()) errors.agent = PUSH_FIELDS.agentId?.says ?? "";
  if (form.from === "query" && (form.query.trim().length === 0 || form.query.length > 256))
    errors.query = PUSH_FIELDS.query?.says ?? "";
  if (form.from === "text" && (form.text.trim().length === 0 || form.text.length > 2_000))
    errors.text = PUSH_FIELDS.text?.says ?? "";
  const limit = Number(form.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 20) errors.limit = PUSH_FIELDS.limit?.says ?? "";
  return errors;
}

/**
 * A gateway refusal of one input field (BAD_USER_INPUT with `field`, e.g. `input.interactionId`) as the Push
 * form's field error; undefined for any other error.
 */
export function pushFieldError(error: unknown): FieldErrors | undefined {
  // An ApiFailure (api.ts), read by its shape so this module stays free of the browser's globals.
  const errors = (error as { errors?: { code?: string; field?: string }[] } | null)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  if (first?.code !== "BAD_USER_INPUT" || !first.field) return undefined;
  const name = first.field.split(".").pop() ?? "";
  const known = PUSH_FIELDS[name];
  return known ? { [known.field]: known.says } : undefined;
}
