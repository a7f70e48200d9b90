import { explorerFile } from "../../src/ui/pages/explorerAssets";

describe("the explorer's files", () => {
  it("are found by their exact names only: a name every object has finds nothing", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "../package.json"])
      expect({ name, file: explorerFile(name) }).toEqual({ name, file: undefined });
    expect(explorerFile("graphiql.min.css")?.type).toBe("text/css; charset=utf-8");
  });
});
