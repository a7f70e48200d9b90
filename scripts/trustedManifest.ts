import { createHash } from "node:crypto";
import * as consoleOperations from "../src/ui/console/operations";
import { projectPath } from "../src/platform/paths";
import { TRUSTED_MANIFEST_FILE } from "../src/platform/graphql/trustedDocuments";
import { docExamples } from "./docBlocks";

/** Where the built-in trusted documents are written (by `npm run codegen`, checked by `codegen:check`). */
export const TRUSTED_MANIFEST = TRUSTED_MANIFEST_FILE;

/**
 * The built-in trusted documents: every operation the console sends (as it sends it) and every GraphQL example of
 * README.md and docs/, keyed by the SHA-256 of their text (the id a client may send instead of the text).
 */
export function trustedManifest(): string {
  const documents: Record<string, { source: string; document: string }> = {};
  const add = (source: string, document: string) => {
    documents[createHash("sha256").update(document).digest("hex")] ??= { source, document };
  };
  for (const [name, document] of Object.entries(consoleOperations))
    if (!name.endsWith("_FIELDS")) add(`console ${name}`, String(document));
  // Named by file and position (not line: prose edits above an example leave the manifest as it is).
  const seen = new Map<string, number>();
  for (const example of docExamples(projectPath())) {
    const n = (seen.get(example.file) ?? 0) + 1;
    seen.set(example.file, n);
    add(`${example.file} example ${n}`, example.source);
  }
  const sorted = Object.fromEntries(Object.entries(documents).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}
