import type { Driver } from "neo4j-driver";
import { deleteTagged, openTestDriver, uniqueTag } from "./neo4j";
import { SchemaClient } from "./schemaClient";

/**
 * For a file of integration tests against the real schema: opens a driver and a schema client before its tests,
 * and afterwards deletes every fixture tag handed out by `tag()` and closes the driver.
 */
export function useGraphTestContext(): { readonly driver: Driver; readonly client: SchemaClient; tag(): string } {
  let driver: Driver | undefined;
  let client: SchemaClient | undefined;
  const tags: string[] = [];
  beforeAll(async () => {
    driver = await openTestDriver();
    client = await SchemaClient.create(driver);
  });
  afterAll(async () => {
    if (!driver) return;
    for (const tag of tags) await deleteTagged(driver, tag);
    await driver.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("used before beforeAll ran");
    return value;
  };
  return {
    get driver() {
      return ready(driver);
    },
    get client() {
      return ready(client);
    },
    tag() {
      const tag = uniqueTag();
      tags.push(tag);
      return tag;
    },
  };
}
