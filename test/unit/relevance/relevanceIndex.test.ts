import { RelevanceIndex, type QueryKind } from "../../../src/features/suggestions/relevance/RelevanceIndex";
import type { KnowledgeSnapshot, SnapshotArticle } from "../../../src/features/suggestions/relevance/knowledgeSnapshot";
import { analyzeQuery } from "../../../src/features/suggestions/relevance/queryAnalysis";
import { initialsOf, contentTokens } from "../../../src/features/suggestions/relevance/analyzer";
import { oneEditApart, TypoIndex } from "../../../src/features/suggestions/relevance/typoIndex";

/** A small knowledge base of another industry (home energy), written for these rules. */
function article(slug: string, title: string, summary: string, priority = 5): SnapshotArticle {
  return { url: `https://kb.test/${slug}`, title, summary, priority, feedbackAdjustment: null };
}

const ARTICLES = [
  article("refund", "Refunds for overpayment", "How a credit balance is paid back to the customer's bank.", 5),
  article("readings", "Submitting meter readings", "Read the meter and send the numbers online or by phone.", 6),
  article("phishing", "Phishing texts and emails", "Messages asking for bank details that pretend to be us.", 7),
  article("psr", "Priority Services Register", "Extra help for customers who are elderly, ill or disabled.", 6),
  article("heating", "Boiler breakdown", "No heating or hot water: checks before booking an engineer.", 8),
  article("attorney", "Adding a named person or power of attorney", "Let someone else manage the account.", 4),
  article("powercut", "Power cuts in your area", "Check the network operator's outage map for a power cut.", 9),
  article("cover", "Cancelling boiler cover", "End a boiler cover plan and any refund due.", 5),
  article("cover-sales", "Boiler cover plans", "The cover levels we sell and what each includes.", 9),
  article("wifi", "Smart thermostat Wi-Fi setup", "Connect the thermostat to the home network.", 5),
  article("draft", "Direct debit changes (draft)", "Not published.", 10),
];

function snapshot(extra: Partial<KnowledgeSnapshot> = {}): KnowledgeSnapshot {
  return {
    articles: ARTICLES.filter((a) => !a.url.endsWith("draft")),
    terms: [
      { keyword: "refund", links: [{ type: "RESOLVES", article: "https://kb.test/refund" }] },
      { keyword: "phishing", links: [{ type: "RESOLVES", article: "https://kb.test/phishing" }] },
      {
        keyword: "boiler cover",
        links: [
          { type: "RESOLVES", article: "https://kb.test/cover-sales" },
          { type: "RELATED_TO", article: "https://kb.test/cover" },
          { type: "SIMILAR_TO", term: "refund" },
        ],
      },
      { keyword: "meter reading", links: [{ type: "RESOLVES", article: "https://kb.test/readings" }] },
    ],
    articleLinks: [],
    synonyms: [["dd", "direct debit"]],
    learned: [],
    ...extra,
  };
}

const index = new RelevanceIndex(snapshot());
const urls = (query: string, kind: QueryKind = "search", limit = 5) =>
  index.search(query, kind, limit).map((h) => h.url.replace("https://kb.test/", ""));

describe("RELEVANCE: matching that forgives", () => {
  it("matches word forms by stem: 'refunds' finds the article of the term 'refund'", () => {
    expect(urls("refunds")[0]).toBe("refund");
    expect(urls("readings")[0]).toBe("readings");
  });

  it("tolerates one typo in a word of five letters or more, never in a shorter one", () => {
    expect(urls("phising email")[0]).toBe("phishing");
    const typos = new TypoIndex();
    typos.add("phishing");
    typos.add("meter");
    expect(typos.corrections("phising")).toEqual(["phishing"]);
    expect(typos.corrections("metr")).toEqual([]);
    expect(oneEditApart("teh", "the")).toBe(true);
    expect(oneEditApart("abc", "cba")).toBe(false);
  });

  it("answers initials of a title: 'psr' is the Priority Services Register", () => {
    expect(initialsOf("Priority Services Register")).toContain("psr");
    expect(initialsOf("in home display")).toEqual(["ihd", "hd"]);
    expect(urls("psr")[0]).toBe("psr");
  });

  it("answers a synonym group's other phrase, and joins words written apart ('wi fi' is 'wifi')", () => {
    const tokens = analyzeQuery("change dd date", index);
    expect(tokens.some((t) => t.alternatives.has("direct"))).toBe(true);
    expect(urls("thermostat wi fi")[0]).toBe("wifi");
  });

  it("searches article text no term leads to, and says so", () => {
    const [hit] = index.search("no hot water", "search", 5);
    expect(hit).toMatchObject({ url: "https://kb.test/heating", matchedBy: "ARTICLE_TEXT", matchedTerm: "" });
    expect(hit?.matchedWords).toEqual(["hot", "water"]);
  });

  it("never matches on stop words alone, and answers nothing rather than something wrong", () => {
    expect(contentTokens("can't log in to the")).toEqual([expect.objectContaining({ word: "log" })]);
    expect(urls("the and of")).toEqual([]);
    expect(urls("pizza delivery")).toEqual([]);
  });

  it("keeps the quality floor: one common word of a search is not enough ('power of attorney' is not a power cut)", () => {
    expect(urls("power of attorney")[0]).toBe("attorney");
    expect(urls("power of attorney")).not.toContain("powercut");
  });

  it("puts an exact term's own articles first, what it RESOLVES before what it relates to, whatever the priority", () => {
    const hits = index.search("boiler cover", "search", 5);
    expect(hits.slice(0, 2).map((h) => [h.url.replace("https://kb.test/", ""), h.matchedBy])).toEqual([
      ["cover-sales", "EXACT"],
      ["cover", "EXACT"],
    ]);
    // Two hops (SIMILAR_TO → RESOLVES) after one.
    expect(hits[2]).toMatchObject({ url: "https://kb.test/refund", matchedBy: "EXACT", path: expect.any(Array) });
    expect(hits[2]?.path.map((p) => p.relationship)).toEqual([null, "SIMILAR_TO", "RESOLVES"]);
  });

  it("ranks by match quality before priority: 'cancel boiler cover' finds the cancellation first", () => {
    expect(urls("cancelling boiler cover")[0]).toBe("cover");
  });

  it("never suggests an article that is not in the published snapshot", () => {
    expect(urls("direct debit changes")).not.toContain("draft");
  });
});

describe("RELEVANCE: customer sentences", () => {
  it("weighs every signal: a decoy word does not take the answer", () => {
    const said = "I got a text saying I'm owed a refund and asking for my bank details, is that you?";
    expect(urls(said, "sentence")[0]).toBe("phishing");
  });

  it("tolerates word forms and gaps between a term's words", () => {
    expect(urls("I want to send my readings for the gas meter", "sentence")[0]).toBe("readings");
  });

  it("answers nothing for small talk", () => {
    expect(urls("Thanks so much, have a lovely day", "sentence")).toEqual([]);
  });
});

describe("RELEVANCE: learned links", () => {
  it("a learned search leads to its article, explains itself, and counts its answers", () => {
    const learned = new RelevanceIndex(
      snapshot({ learned: [{ text: "overcharged twice", url: "https://kb.test/refund", helpful: 4 }] }),
    );
    const [hit] = learned.search("Overcharged  twice", "search", 5);
    expect(hit).toMatchObject({ url: "https://kb.test/refund", matchedBy: "LEARNED", learnedFrom: 4 });
    expect(hit?.path[0]).toMatchObject({ kind: "TERM", label: "overcharged twice" });
    // Without the learned link nothing in the knowledge base says so.
    expect(index.search("overcharged twice", "search", 5)).toEqual([]);
  });
});

describe("RELEVANCE: feedback", () => {
  const twins = (adjustment: number): string[] =>
    new RelevanceIndex({
      articles: [
        { ...article("a", "Smart meter install", "Book an install."), feedbackAdjustment: adjustment },
        { ...article("b", "Smart meter install", "Book an install."), feedbackAdjustment: null },
      ],
      terms: [],
      articleLinks: [],
      synonyms: [],
      learned: [],
    })
      .search("smart meter install", "search", 5)
      .map((h) => h.url.replace("https://kb.test/", ""));

  it("moves an article with helpful answers above its equal twin, and one with unhelpful answers below", () => {
    expect(twins(0.2)).toEqual(["a", "b"]);
    // The sign of the stored bound decides the order: a flipped sign would flip it.
    expect(twins(-0.2)).toEqual(["b", "a"]);
  });
});

describe("RELEVANCE: common words", () => {
  // 120 articles share "bench"; one also has "zebra".
  const articles = Array.from({ length: 120 }, (_, i) =>
    article(`b${i}`, `Bench guide ${i}`, i === 7 ? "The zebra crossing bench." : "Plain text."),
  );
  const common = new RelevanceIndex({ articles, terms: [], articleLinks: [], synonyms: [], learned: [] });
  const top = (q: string) => common.search(q, "search", 5).map((h) => h.url.replace("https://kb.test/", ""));

  it("a word most articles share scores what the rarer words found, and finds articles alone when it is all there is", () => {
    expect(top("bench zebra")).toEqual(["b7"]);
    expect(top("bench")).toHaveLength(5);
  });
});
