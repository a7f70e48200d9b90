import type { KnowledgeBase } from "../src/features/kb";

/**
 * The baseline every set is scored against: plain BM25 (k1 1.2, b 0.75) over each published article's title,
 * summary and the keywords of the search terms linked to it, with crude suffix stemming and a stop-word list.
 * Deliberately simple and independent of the gateway's code: it is what a text search gives for free.
 */
const STOP = new Set(
  "a an and are as at be but by can do for from has have how i if in is it its me my no not of on or our so that the their them there they this to was we what when where which who why will with you your".split(
    " ",
  ),
);

function stem(word: string): string {
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP.has(w)).map(stem);
}

export class Bm25Baseline {
  private readonly docs: { url: string; tf: Map<string, number>; length: number }[] = [];
  private readonly df = new Map<string, number>();
  private readonly avgLength: number;

  constructor(kb: KnowledgeBase) {
    const termsOf = new Map<string, string[]>();
    for (const link of kb.links) {
      if ("term" in link.from && "article" in link.to) {
        const list = termsOf.get(link.to.article) ?? [];
        list.push(link.from.term);
        termsOf.set(link.to.article, list);
      }
    }
    for (const a of kb.articles.filter((x) => x.status === "published")) {
      const words = tokens([a.title, a.summary, ...(termsOf.get(a.url) ?? [])].join(" "));
      const tf = new Map<string, number>();
      for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const w of tf.keys()) this.df.set(w, (this.df.get(w) ?? 0) + 1);
      this.docs.push({ url: a.url, tf, length: words.length });
    }
    this.avgLength = this.docs.reduce((s, d) => s + d.length, 0) / Math.max(1, this.docs.length);
  }

  /** The best `limit` urls for `text` (articles matching no word are never returned). */
  search(text: string, limit = 5): string[] {
    const n = this.docs.length;
    const query = [...new Set(tokens(text))];
    return this.docs
      .map((d) => {
        let s = 0;
        for (const w of query) {
          const tf = d.tf.get(w) ?? 0;
          if (tf === 0) continue;
          const df = this.df.get(w) ?? 0;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          s += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.length) / this.avgLength));
        }
        return { url: d.url, s };
      })
      .filter((d) => d.s > 0)
      .sort((a, b) => b.s - a.s || (a.url < b.url ? -1 : 1))
      .slice(0, limit)
      .map((d) => d.url);
  }
}
