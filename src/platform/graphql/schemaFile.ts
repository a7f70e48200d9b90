import { readFileSync } from "node:fs";
import type { DocumentNode } from "graphql";
import gql from "graphql-tag";
import { projectPath } from "../paths";

/** A type-definition file of `schema/`, parsed (graphql-tag), as a feature declares its schema. */
export function schemaFile(name: string): DocumentNode {
  return gql(readFileSync(projectPath("schema", name), "utf8"));
}
