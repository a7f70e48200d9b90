import { Kind, parse, type ObjectTypeDefinitionNode, type StringValueNode } from "graphql";
import { RANK_SCORE } from "../../src/features/suggestions/rankScore";
import { normalizeSearch, normalizeSearchCypher } from "../../src/features/suggestions/searchText";
import { batchSuggestStatement, suggestArticlesStatement } from "../../src/features/suggestions/suggestStatement";
import { suggestArticlesTypeDefs } from "../../src/features/suggestions/typeDefs";

function cypherOf(sdl: string): string | undefined {
  const query = parse(sdl).definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === "Query",
  );
  const field = query?.fields?.find((f) => f.name.value === "suggestArticles");
  const directive = field?.directives?.find((d) => d.name.value === "cypher");
  return (directive?.arguments?.find((a) => a.name.value === "statement")?.value as StringValueNode | undefined)?.value;
}

describe("the suggestion statement as code", () => {
  it("is what the SDL of Query.suggestArticles carries, character for character (backslashes included)", () => {
    expect(cypherOf(suggestArticlesTypeDefs())?.trim()).toBe(suggestArticlesStatement().trim());
    expect(suggestArticlesStatement()).toContain(String.raw`'[^\\p{L}\\p{N}]+'`);
  });

  it("has one body shared by the single and the batched form, with the rank score and the normaliser in it", () => {
    const single = suggestArticlesStatement();
    // The single form's traversal is its non-RELEVANCE branch: from the branch's guard to the closing brace.
    const guard = "WITH rawQuery, maxResults, rankMode WHERE rankMode <> 'RELEVANCE'\n";
    const body = single.slice(single.indexOf(guard) + guard.length, single.lastIndexOf("\n}"));
    expect(body.length).toBeGreaterThan(1_000);
    expect(batchSuggestStatement().replace(/\n/g, " ")).toContain(body.trim().replace(/\n/g, " "));
    expect(body).toContain(RANK_SCORE);
    expect(body).toContain(normalizeSearchCypher("rawQuery"));
    // RELEVANCE is ranked in memory: the statement only fetches the ranked urls, published ones, in order.
    expect(single).toContain("WHERE rankMode = 'RELEVANCE'");
    expect(single).toContain("apoc.convert.fromJsonList(rawQuery)");
  });
});

describe("normalizeSearch", () => {
  it("lower-cases, trims and collapses whitespace, as the Cypher form does", () => {
    expect(normalizeSearch("  VoIP \t Gateway\n Password ")).toBe("voip gateway password");
    expect(normalizeSearchCypher("x")).toBe(String.raw`apoc.text.regreplace(trim(toLower(x)), '\\s+', ' ')`);
  });
});
