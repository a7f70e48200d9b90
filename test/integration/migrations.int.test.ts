import { MIGRATIONS, migrate } from "../../src/platform/neo4j/migrations";
import { openTestDriver, testConnection } from "../support/neo4j";

describe("migrations", () => {
  it("leave every named constraint and index online, and are idempotent", async () => {
    const driver = await openTestDriver();
    try {
      await migrate(driver, testConnection().database);
      await migrate(driver, testConnection().database);
      const { records } = await driver.executeQuery(
        "SHOW INDEXES YIELD name, state RETURN name, state",
        {},
        { database: testConnection().database },
      );
      const states = Object.fromEntries(records.map((r) => [r.get("name"), r.get("state")]));
      for (const { name } of MIGRATIONS) expect({ name, state: states[name] }).toEqual({ name, state: "ONLINE" });
      const constraints = await driver.executeQuery(
        "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
        {},
        { database: testConnection().database },
      );
      expect(constraints.records[0]?.get("names")).toEqual(
        expect.arrayContaining(["search_term_keyword_unique", "article_url_unique"]),
      );
    } finally {
      await driver.close();
    }
  });
});
