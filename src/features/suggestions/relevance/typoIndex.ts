import { distance } from "fastest-levenshtein";

/** Shortest word typo tolerance applies to: shorter words are too easily another word ("sim" / "pin"). */
export const MIN_TYPO_LENGTH = 5;

/** The word with each one character left out, once each. */
function deletions(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return [...out];
}

/** Whether `a` and `b` differ by one edit: a letter added, left out, changed, or two neighbours swapped. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (distance(a, b) === 1) return true;
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  const [i, j] = diff;
  return diff.length === 2 && j === (i as number) + 1 && a[i as number] === b[j] && a[j] === b[i as number];
}

/**
 * The words of a knowledge base, for typo tolerance: finds the known words one edit away from a word that is not
 * known ("phising" → "phishing", "bereavment" → "bereavement"), for words of MIN_TYPO_LENGTH letters or more.
 * Symmetric deletion lookup: every known word is stored under itself and its one-letter deletions, so a lookup is
 * a few hash probes whatever the vocabulary's size.
 */
export class TypoIndex {
  private readonly byDeletion = new Map<string, string[]>();
  private readonly words = new Set<string>();

  add(word: string): void {
    if (word.length < MIN_TYPO_LENGTH - 1 || this.words.has(word) || /\p{N}/u.test(word)) return;
    this.words.add(word);
    for (const key of [word, ...deletions(word)]) {
      const list = this.byDeletion.get(key);
      if (list) list.push(word);
      else this.byDeletion.set(key, [word]);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Known words one edit from `word` (none when `word` is known, short, or has digits). */
  corrections(word: string): string[] {
    if (word.length < MIN_TYPO_LENGTH || this.words.has(word) || /\p{N}/u.test(word)) return [];
    const found = new Set<string>();
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.byDeletion.get(key) ?? []) {
        if (candidate.length >= MIN_TYPO_LENGTH && oneEditApart(word, candidate)) found.add(candidate);
      }
    }
    return [...found];
  }
}
