import { createHash } from "node:crypto";

/**
 * The same interaction and the same cards always give the same key, so CXone can recognise a retry after a
 * 5xx or a timeout and not deliver twice.
 */
export function idempotencyKey(interactionId: string, payload: unknown): string {
  return createHash("sha256").update(interactionId).update("\n").update(JSON.stringify(payload)).digest("base64url");
}
