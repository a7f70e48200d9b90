import { readFileSync } from "node:fs";
import { projectPath } from "../platform/paths";

/** The schema files, in the order they are merged; `schema/` is their only home. */
export const SCHEMA_FILES = ["knowledge.graphql", "assist.graphql"] as const;

/** Type definitions read once from `schema/`. */
export function loadTypeDefs(): string[] {
  return SCHEMA_FILES.map((file) => readFileSync(projectPath("schema", file), "utf8"));
}
