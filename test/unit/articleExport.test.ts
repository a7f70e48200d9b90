import { formatOf, parseArticleExport } from "../../src/features/kb/articleExport";
import { KbFormatError, parseKnowledgeBase } from "../../src/features/kb/kbFormat";

describe("articles-only exports", () => {
  it("reads CSV: quoted commas, tags as RESOLVES terms (normalised, shared), status case-insensitive", () => {
    const kb = parseArticleExport(
      [
        "url,title,summary,status,priority,updatedAt,tags",
        'https://kb.test/a,Refunds,"Paid back, in 5 days",Published,7,2026-01-01T00:00:00Z,Refund; Money Back',
        "https://kb.test/b,Billing,,draft,3,,refund",
      ].join("\n"),
      "csv",
    );
    expect(kb.articles).toEqual([
      expect.objectContaining({ url: "https://kb.test/a", summary: "Paid back, in 5 days", status: "published" }),
      expect.objectContaining({ url: "https://kb.test/b", summary: "", status: "draft", priority: 3 }),
    ]);
    expect(kb.searchTerms).toEqual([{ keyword: "refund" }, { keyword: "money back" }]);
    expect(kb.links).toContainEqual({
      from: { term: "refund" },
      type: "RESOLVES",
      to: { article: "https://kb.test/b" },
    });
  });

  it("reads JSON Lines with keyword arrays", () => {
    const kb = parseArticleExport(
      '{"url":"https://kb.test/a","title":"A","status":"published","priority":1,"keywords":["Alpha","beta"]}\n\n',
      "jsonl",
    );
    expect(kb.searchTerms.map((t) => t.keyword)).toEqual(["alpha", "beta"]);
  });

  it("reports every bad row with its line, and imports nothing", () => {
    const run = () =>
      parseArticleExport(
        [
          "url,title,summary,status,priority,colour",
          "not-a-url,T,,published,1,red",
          "https://kb.test/a,T,,gone,1,",
          "https://kb.test/a,T,,published,x,",
        ].join("\n"),
        "csv",
      );
    expect(run).toThrow(KbFormatError);
    try {
      run();
    } catch (error) {
      const problems = (error as KbFormatError).problems;
      expect(problems.map((p) => [p.line, p.field])).toEqual([
        [2, "colour"],
        [2, "url"],
        [3, "colour"],
        [3, "status"],
        [4, "colour"],
        [4, "priority"],
      ]);
    }
    expect(() => parseArticleExport("{oops\n", "jsonl")).toThrow(/line 1.*invalid JSON/);
    expect(() => parseArticleExport("url,title\n", "csv")).toThrow(/no articles/);
  });

  it("picks the format by extension", () => {
    expect([formatOf("kb.CSV"), formatOf("a.jsonl"), formatOf("a.ndjson"), formatOf("kb.json")]).toEqual([
      "csv",
      "jsonl",
      "jsonl",
      "json",
    ]);
  });
});

describe("synonyms in the JSON format", () => {
  const base = { version: 1, articles: [], searchTerms: [], links: [] };
  it("are normalised groups of two or more phrases, each phrase in one group", () => {
    expect(parseKnowledgeBase(JSON.stringify({ ...base, synonyms: [["DD", "Direct  Debit"]] })).synonyms).toEqual([
      ["dd", "direct debit"],
    ]);
    expect(() => parseKnowledgeBase(JSON.stringify({ ...base, synonyms: [["dd"]] }))).toThrow(/synonyms\[0\]/);
    expect(() =>
      parseKnowledgeBase(
        JSON.stringify({
          ...base,
          synonyms: [
            ["dd", "direct debit"],
            ["DD", "bank debit"],
          ],
        }),
      ),
    ).toThrow(/"dd" is in more than one synonym group/);
  });
});
