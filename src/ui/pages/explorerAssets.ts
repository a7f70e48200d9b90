import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const requireFrom = createRequire(__filename);

/**
 * A package's folder. Its `exports` may hide the UMD files from require.resolve, so: resolve the package's entry and
 * walk up to the folder whose package.json names it.
 */
function packageRoot(name: string): string {
  let dir = path.dirname(requireFrom.resolve(name));
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name)
      return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`package ${name} not found`);
}

/**
 * GraphiQL 3 and the React 18 it runs on, as the npm packages ship them (UMD builds): served by the gateway, no CDN.
 * A Map, not an object: a request for `/graphiql/constructor` or `/graphiql/__proto__` must find nothing.
 */
export const EXPLORER_FILES: ReadonlyMap<string, { pkg: string; file: string; type: string }> = new Map(
  Object.entries({
    "graphiql.min.css": { pkg: "graphiql", file: "graphiql.min.css", type: "text/css; charset=utf-8" },
    "graphiql.min.js": { pkg: "graphiql", file: "graphiql.min.js", type: "text/javascript; charset=utf-8" },
    "react.production.min.js": {
      pkg: "react",
      file: "umd/react.production.min.js",
      type: "text/javascript; charset=utf-8",
    },
    "react-dom.production.min.js": {
      pkg: "react-dom",
      file: "umd/react-dom.production.min.js",
      type: "text/javascript; charset=utf-8",
    },
  }),
);

const cache = new Map<string, Buffer>();

/** One of the explorer's files, read once. */
export function explorerFile(name: string): { body: Buffer; type: string } | undefined {
  const file = EXPLORER_FILES.get(name);
  if (!file) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(path.join(packageRoot(file.pkg), file.file));
    cache.set(name, body);
  }
  return { body, type: file.type };
}
