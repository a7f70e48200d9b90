import { writeFileSync } from "node:fs";
import { generate, loadContext } from "@graphql-codegen/cli";
import { printGatewaySchema } from "../src/app/printGatewaySchema";
import { projectPath } from "../src/platform/paths";

/** `npm run codegen`: prints the full schema, then generates resolver types from it (codegen.yml). */
async function main(): Promise<void> {
  writeFileSync(projectPath("src/generated/schema.graphql"), await printGatewaySchema());
  await generate(await loadContext(projectPath("codegen.yml")), true);
  console.log("generated src/generated/schema.graphql and src/generated/graphql.ts");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
