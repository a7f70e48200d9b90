import { BadUserInputError } from "../../platform/errors/GatewayError";

/**
 * Words as search-term spotting sees them: Unicode-normalised (NFKC), lower-case, runs of letters and digits
 * (any script); everything else (punctuation, spaces, emoji) separates words. "Wi-Fi" and "wi fi" are both
 * `["wi", "fi"]`.
 */
export function wordsOf(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

/** The longest text suggestFromText takes, in characters. */
export const MAX_TEXT_LENGTH = 2_000;

/** Checks free text as suggestFromText and pushes with `text` take it: 1-2,000 characters, not blank. */
export function validateText(text: unknown, field = "text"): string {
  if (typeof text !== "string" || text.trim() === "") throw new BadUserInputError(field, "text must not be empty");
  if (text.length > MAX_TEXT_LENGTH)
    throw new BadUserInputError(field, `text must be at most ${MAX_TEXT_LENGTH} characters`);
  return text;
}
