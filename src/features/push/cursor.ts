import { BadUserInputError } from "../../platform/errors/GatewayError";

/** A page position: the last push's creation time and id (pages are newest first, ties broken by id). */
export interface Cursor {
  createdAt: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt}:${cursor.id}`).toString("base64url");
}

/** Reads a cursor a previous page returned; anything else is BAD_USER_INPUT on `after`. */
export function decodeCursor(text: string): Cursor {
  const match = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(Buffer.from(text, "base64url").toString());
  if (!match) throw new BadUserInputError("after", "after must be a cursor returned by a previous page");
  return { createdAt: Number(match[1]), id: match[2] as string };
}

/** An ISO-8601 instant as epoch milliseconds; anything else is BAD_USER_INPUT on `field`. */
export function parseInstant(value: string | null | undefined, field: string): number | null {
  if (value == null) return null;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw new BadUserInputError(field, `${field} must be an ISO-8601 instant such as 2026-01-31T12:00:00Z`);
  return ms;
}
