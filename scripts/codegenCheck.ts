import { readFileSync } from "node:fs";
import { generate, loadContext } from "@graphql-codegen/cli";
import { printGatewaySchema } from "../src/app/printGatewaySchema";
import { projectPath } from "../src/platform/paths";
import { TRUSTED_MANIFEST, trustedManifest } from "./trustedManifest";

/** `npm run codegen:check`: fails when src/generated/ differs from what `npm run codegen` would write. */
async function main(): Promise<void> {
  const stale: string[] = [];
  const schemaFile = projectPath("src/generated/schema.graphql");
  const schema = await printGatewaySchema();
  if (readOrEmpty(schemaFile) !== schema) stale.push("src/generated/schema.graphql");
  // Generate in memory from the schema on disk; if the schema itself is stale that is already reported.
  const outputs = (await generate(await loadContext(projectPath("codegen.yml")), false)) as {
    filename: string;
    content: string;
  }[];
  for (const output of outputs) {
    if (readOrEmpty(projectPath(output.filename)) !== output.content) stale.push(output.filename);
  }
  if (readOrEmpty(projectPath(TRUSTED_MANIFEST)) !== trustedManifest()) stale.push(TRUSTED_MANIFEST);
  if (stale.length > 0) {
    console.error(`Generated files are stale: ${stale.join(", ")}. Run \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log("generated files are up to date");
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
