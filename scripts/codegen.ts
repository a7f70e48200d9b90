import { writeFileSync } from "node:fs";
import { generate, loadContext } from "@graphql-codegen/cli";
import { printGatewaySchema } from "../src/app/printGatewaySchema";
import { projectPath } from "../src/platform/paths";
import { TRUSTED_MANIFEST, trustedManifest } from "./trustedManifest";

/**
 * `npm run codegen`: prints the full schema, then generates resolver types from it (codegen.yml), then the manifest
 * of built-in trusted documents.
 */
async function main(): Promise<void> {
  writeFileSync(projectPath("src/generated/schema.graphql"), await printGatewaySchema());
  await generate(await loadContext(projectPath("codegen.yml")), true);
  // After the console's types: the manifest reads the console's operations as it sends them.
  writeFileSync(projectPath(TRUSTED_MANIFEST), trustedManifest());
  console.log(`generated src/generated/schema.graphql, src/generated/graphql.ts and ${TRUSTED_MANIFEST}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
