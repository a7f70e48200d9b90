/**
 * The one normal form of a search string: lower-case, trimmed, runs of whitespace as one space. Search terms are
 * stored in it (the importer), the term index compares in it, knowledge gaps count in it, and the suggestion
 * statement applies the same rule in Cypher (`normalizeSearchCypher`), because @neo4j/graphql passes the raw
 * argument to a @cypher field.
 */
export function normalizeSearch(text: string): string {
  return text.toLowerCase().trim().replace(/\s+/g, " ");
}

/** `normalizeSearch` as a Cypher expression over `expression`. */
export function normalizeSearchCypher(expression: string): string {
  return String.raw`apoc.text.regreplace(trim(toLower(${expression})), '\\s+', ' ')`;
}

/** The longest search text a knowledge gap keeps, in characters. */
export const GAP_TEXT_MAX = 256;

/** A search as knowledge gaps count it: Unicode-normalised (NFKC), in normal form, at most 256 characters. */
export function gapText(text: string): string {
  return Array.from(normalizeSearch(text.normalize("NFKC")))
    .slice(0, GAP_TEXT_MAX)
    .join("");
}
