import stem from "wink-porter2-stemmer";
import { wordsOf } from "../termText";

/**
 * Words that never match on their own: English function words, and the fillers of what customers say ("hi",
 * "please", "thanks"). A search made only of them finds nothing rather than something wrong.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren as at be because been before being below between " +
    "both but by can cannot cant could couldn did didn do does doesn doing don down during each few for from further " +
    "get gets got had hadn has hasn have haven having he her here hers herself him himself his how i if in into is " +
    "isn it its itself just ll me might more most must my myself no nor not now of off on once only or other ought our " +
    "ours ourselves out over own re s same shall she should so some such t than that the their theirs them themselves " +
    "then there these they this those through to too under until up us ve very was wasn we were weren what when where " +
    "which while who whom why will with won would wouldn you your yours yourself yourselves d m o y " +
    "hi hello hey please thanks thank ok okay yes yeah also really just like want wanted need needs needed know " +
    "think say said says tell told help able let lets im ive youre its thats theres dont doesnt didnt isnt wont " +
    "cant couldnt shouldnt wouldnt go going gone still even much many way ask asked asking something anything " +
    "anyone someone thing things bit lot sure right well"
  ).split(" "),
);

/** One word of a text: as written (lower-case) and its stem (Porter2, the English Snowball stemmer). */
export interface Token {
  word: string;
  stem: string;
  /** Position in the text's words (stop words included), for phrases. */
  position: number;
}

/** The stem of one lower-case word (cached: a knowledge base repeats its words). */
const stems = new Map<string, string>();
export function stemOf(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = /^\p{N}+$/u.test(word) ? word : stem(word);
    if (stems.size > 200_000) stems.clear();
    stems.set(word, s);
  }
  return s;
}

/** Every word of `text` with its stem, stop words included (see `contentTokens`). */
export function tokensOf(text: string): Token[] {
  return wordsOf(text).map((word, position) => ({ word, stem: stemOf(word), position }));
}

/** The words that can match: stop words and apostrophe fragments removed. */
export function contentTokens(text: string): Token[] {
  return tokensOf(apostrophesJoined(text)).filter((t) => !STOP_WORDS.has(t.word));
}

/** "can't" and "I'm" as one word each ("cant", "im"), so they meet the stop list rather than leave "t" and "m". */
function apostrophesJoined(text: string): string {
  return text.replace(/(\p{L})['’](\p{L})/gu, "$1$2");
}

/**
 * Initials of a phrase of two or more words, e.g. "priority services register" → "psr", "in home display" →
 * "ihd" and, without its stop words, "hd". Agents type these for titles and terms.
 */
export function initialsOf(text: string): string[] {
  const words = wordsOf(text).filter((w) => /^\p{L}/u.test(w));
  const all = words.map((w) => w[0]).join("");
  const content = words
    .filter((w) => !STOP_WORDS.has(w))
    .map((w) => w[0])
    .join("");
  return [...new Set([all, content])].filter((initials) => initials.length >= 2 && initials.length <= 6);
}
