import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { projectPath } from "../../platform/paths";

/** The console's built files: the bundle and its stylesheet. */
export interface ConsoleAssets {
  js: string;
  css: string;
}

/** Where `npm run build` writes the console (dist/console/), next to the compiled gateway. */
export const CONSOLE_OUT_DIR = projectPath("dist", "console");
const ENTRY = projectPath("src", "ui", "console", "main.tsx");
const STYLES = projectPath("src", "ui", "console", "console.css");

/** Bundles the console (Preact, graphql-ws and our code) with esbuild: one minified ES module, no CDN. */
export async function bundleConsole(write: boolean): Promise<ConsoleAssets> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  const js = result.outputFiles[0]?.text ?? "";
  const css = readFileSync(STYLES, "utf8");
  if (write) {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(CONSOLE_OUT_DIR, { recursive: true });
    writeFileSync(projectPath("dist", "console", "app.js"), js);
    writeFileSync(projectPath("dist", "console", "app.css"), css);
  }
  return { js, css };
}

/**
 * The console's assets: read from dist/console/ (built by `npm run build`, which `npm start` and the image run; the
 * test run builds it before the tests) unless the gateway runs from source and the console's sources changed since
 * (`npm run dev`): then bundled in memory, so what is served is never stale.
 */
export async function loadConsoleAssets(): Promise<ConsoleAssets> {
  const js = projectPath("dist", "console", "app.js");
  const built = existsSync(js) ? statSync(js).mtimeMs : 0;
  const fromSource = __filename.endsWith(".ts");
  if (built > 0 && (!fromSource || built >= newestSource())) {
    return { js: readFileSync(js, "utf8"), css: readFileSync(projectPath("dist", "console", "app.css"), "utf8") };
  }
  return bundleConsole(false);
}

/** When the console's sources last changed (its folder, and the page modules it shares with the agent page). */
function newestSource(): number {
  const roots = [projectPath("src", "ui", "console"), projectPath("src", "ui", "pages")];
  const files = roots.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f)),
  );
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}
