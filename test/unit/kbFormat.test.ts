import { KbFormatError, parseKnowledgeBase } from "../../src/features/kb/kbFormat";

const valid = {
  version: 1,
  articles: [
    {
      url: "https://kb.test/a",
      title: "A",
      summary: "s",
      status: "published",
      priority: 3,
      updatedAt: "2026-01-02T03:04:05Z",
    },
  ],
  searchTerms: [{ keyword: "  VoIP   Gateway " }],
  links: [{ from: { term: "voip gateway" }, type: "RESOLVES", to: { article: "https://kb.test/a" } }],
};

function rejection(text: string): KbFormatError {
  try {
    parseKnowledgeBase(text);
  } catch (error) {
    if (error instanceof KbFormatError) return error;
    throw error;
  }
  throw new Error("expected the file to be rejected");
}

describe("parseKnowledgeBase", () => {
  it("accepts a valid file and normalizes keywords and link ends", () => {
    const kb = parseKnowledgeBase(JSON.stringify(valid));
    expect(kb.searchTerms).toEqual([{ keyword: "voip gateway" }]);
    expect(kb.links[0]?.from).toEqual({ term: "voip gateway" });
  });

  it("reports the line and column of a JSON syntax error", () => {
    const error = rejection('{\n  "version": 1,\n  "articles": [,]\n}');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3, column \d+: invalid JSON/);
  });

  it("names the field and line of a wrong value", () => {
    const text = JSON.stringify({ ...valid, articles: [{ ...valid.articles[0], priority: "high" }] }, null, 2);
    const error = rejection(text);
    expect(error.field).toBe("articles[0].priority");
    expect(text.split("\n")[error.line - 1]).toContain('"priority"');
  });

  it("rejects an unknown relationship type", () => {
    const error = rejection(JSON.stringify({ ...valid, links: [{ ...valid.links[0], type: "KNOWS" }] }, null, 2));
    expect(error.field).toBe("links[0].type");
  });

  it("rejects a link to an article the file does not define", () => {
    const links = [{ from: { term: "voip gateway" }, type: "RESOLVES", to: { article: "https://kb.test/missing" } }];
    const error = rejection(JSON.stringify({ ...valid, links }, null, 2));
    expect(error.field).toBe("links[0].to");
    expect(error.problem).toMatch(/not defined/);
  });

  it("rejects duplicate keywords after normalization", () => {
    const error = rejection(
      JSON.stringify({ ...valid, searchTerms: [{ keyword: "A b" }, { keyword: " a  B" }] }, null, 2),
    );
    expect(error.field).toBe("searchTerms[1].keyword");
  });

  it("rejects a missing required property at its object", () => {
    const { title: _title, ...noTitle } = valid.articles[0] as Record<string, unknown>;
    const error = rejection(JSON.stringify({ ...valid, articles: [noTitle] }, null, 2));
    expect(error.field).toBe("articles[0].title");
    expect(error.line).toBe(4);
  });

  it("rejects relationship shapes the traversal does not model", () => {
    const links = [{ from: { article: "https://kb.test/a" }, type: "RESOLVES", to: { article: "https://kb.test/a" } }];
    expect(rejection(JSON.stringify({ ...valid, links })).field).toBe("links[0].type");
  });

  it("reports every problem of a file at once, in file order, each with its field and line", () => {
    const text = JSON.stringify(
      {
        ...valid,
        articles: [
          { ...valid.articles[0], priority: "high" },
          { ...valid.articles[0], url: "not a url", status: "gone" },
        ],
        searchTerms: [{ keyword: "" }],
      },
      null,
      2,
    );
    const error = rejection(text);
    expect(error.problems.map((p) => p.field)).toEqual([
      "articles[0].priority",
      "articles[1].url",
      "articles[1].status",
      "searchTerms[0].keyword",
    ]);
    expect(error.problems.map((p) => p.line)).toEqual([...error.problems.map((p) => p.line)].sort((a, b) => a - b));
    expect(error.message).toMatch(/^4 problems:\n {2}line \d+, column \d+ \(articles\[0\]\.priority\)/);
  });

  it("reports every reference problem at once", () => {
    const links = [
      { from: { term: "voip gateway" }, type: "RESOLVES", to: { article: "https://kb.test/missing" } },
      { from: { term: "unknown" }, type: "RESOLVES", to: { article: "https://kb.test/a" } },
    ];
    const error = rejection(
      JSON.stringify({ ...valid, searchTerms: [...valid.searchTerms, { keyword: "voip gateway" }], links }, null, 2),
    );
    expect(error.problems.map((p) => p.field)).toEqual(["searchTerms[1].keyword", "links[0].to", "links[1].from"]);
  });
});
