import { contentTokens, STOP_WORDS, stemOf, tokensOf } from "./analyzer";
import { MATCH_WEIGHT } from "./relevanceWeights";
import { MIN_TYPO_LENGTH, type TypoIndex } from "./typoIndex";

/**
 * One thing to look for: the known word stems that count as a match, each with how much (1 as typed; less for a
 * typo or a synonym), the query words it stands for (`concepts`: indices of the query's content words, for the
 * quality floor) and the words as typed (for explanations).
 */
export interface QueryToken {
  alternatives: Map<string, number>;
  concepts: number[];
  words: string[];
}

/** What query analysis needs from the knowledge base. */
export interface Vocabulary {
  knows(stem: string): boolean;
  readonly typos: TypoIndex;
  /** Groups of equivalent phrases, each phrase as its content words' stems. */
  readonly synonyms: readonly (readonly (readonly string[])[])[];
}

/**
 * Turns a search or a sentence into what to look for: its content words (stop words never match alone) by stem;
 * an unknown word of MIN_TYPO_LENGTH+ letters by the known words one typo away; an unknown word that is two known
 * words run together ("checkin"), by both; two words that are one known word apart ("wi fi", "log in"), by that
 * word; and a phrase of a synonym group, also by the group's other phrases.
 */
export function analyzeQuery(text: string, vocabulary: Vocabulary): QueryToken[] {
  const content = contentTokens(text);
  const tokens: QueryToken[] = [];
  content.forEach((token, concept) => {
    const alternatives = new Map<string, number>();
    if (vocabulary.knows(token.stem)) alternatives.set(token.stem, MATCH_WEIGHT.stem);
    if (vocabulary.knows(token.word)) alternatives.set(token.word, MATCH_WEIGHT.initials);
    if (alternatives.size === 0 && token.word.length >= MIN_TYPO_LENGTH) {
      for (const word of vocabulary.typos.corrections(token.word)) alternatives.set(stemOf(word), MATCH_WEIGHT.typo);
    }
    if (alternatives.size === 0) {
      const parts = splitInTwo(token.word, vocabulary);
      if (parts) {
        for (const part of parts)
          tokens.push({
            alternatives: new Map([[part, MATCH_WEIGHT.compound]]),
            concepts: [concept],
            words: [token.word],
          });
        return;
      }
    }
    tokens.push({ alternatives, concepts: [concept], words: [token.word] });
  });
  tokens.push(...compounds(text, content, vocabulary));
  tokens.push(
    ...synonymTokens(
      content.map((t) => t.stem),
      content,
      vocabulary,
    ),
  );
  return tokens;
}

/** A word that is two known words run together ("checkin" → check, in): their stems; else undefined. */
function splitInTwo(word: string, vocabulary: Vocabulary): string[] | undefined {
  if (word.length < 6) return undefined;
  for (let i = 3; i <= word.length - 3; i++) {
    const [first, second] = [word.slice(0, i), word.slice(i)];
    const a = stemOf(first);
    const b = stemOf(second);
    if (vocabulary.knows(a) && vocabulary.knows(b)) return [a, b];
    if (vocabulary.knows(a) && STOP_WORDS.has(second)) return [a];
    if (STOP_WORDS.has(first) && vocabulary.knows(b)) return [b];
  }
  return undefined;
}

/** Neighbouring words that are one known word when joined ("wi fi" → wifi, "log in" → login). */
function compounds(text: string, content: ReturnType<typeof contentTokens>, vocabulary: Vocabulary): QueryToken[] {
  const all = tokensOf(text.replace(/(\p{L})['’](\p{L})/gu, "$1$2"));
  const out: QueryToken[] = [];
  for (let i = 0; i + 1 < all.length; i++) {
    const a = all[i]!;
    const b = all[i + 1]!;
    const joined = stemOf(a.word + b.word);
    if (!vocabulary.knows(joined) || (STOP_WORDS.has(a.word) && STOP_WORDS.has(b.word))) continue;
    const concepts = content.flatMap((t, c) => (t.word === a.word || t.word === b.word ? [c] : []));
    if (concepts.length === 0) continue;
    out.push({ alternatives: new Map([[joined, MATCH_WEIGHT.compound]]), concepts, words: [a.word, b.word] });
  }
  return out;
}

/** For each synonym phrase found in the query (contiguous content words, by stem), the group's other phrases. */
function synonymTokens(
  stems: string[],
  content: ReturnType<typeof contentTokens>,
  vocabulary: Vocabulary,
): QueryToken[] {
  const out: QueryToken[] = [];
  for (const group of vocabulary.synonyms) {
    for (const phrase of group) {
      const at = indexOfSequence(stems, phrase);
      if (at < 0) continue;
      const concepts = phrase.map((_, k) => at + k);
      const words = concepts.map((c) => content[c]!.word);
      for (const other of group) {
        if (other === phrase) continue;
        for (const stem of other) out.push({ alternatives: new Map([[stem, MATCH_WEIGHT.synonym]]), concepts, words });
      }
    }
  }
  return out;
}

function indexOfSequence(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}
