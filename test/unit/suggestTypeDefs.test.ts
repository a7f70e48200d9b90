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
    const body = suggestArticlesStatement().slice(suggestArticlesStatement().indexOf("\n"));
    expect(batchSuggestStatement()).toContain(body);
    expect(body).toContain(RANK_SCORE);
    expect(body).toContain(normalizeSearchCypher("rawQuery"));
  });
});

describe("normalizeSearch", () => {
  it("lower-cases, trims and collapses whitespace, as the Cypher form does", () => {
    expect(normalizeSearch("  VoIP \t Gateway\n Password ")).toBe("voip gateway password");
    expect(normalizeSearchCypher("x")).toBe(String.raw`apoc.text.regreplace(trim(toLower(x)), '\\s+', ' ')`);
  });
});
