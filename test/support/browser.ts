import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { projectPath } from "../../src/platform/paths";

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it when missing), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    (p): p is string => Boolean(p),
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `no Chromium found (tried ${candidates.join(", ")}): apt-get install chromium, or set CHROMIUM_PATH`,
    );
  return found;
}

/** Headless Chromium for one test file; close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in CI containers has no user namespace for Chromium's sandbox.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--font-render-hinting=none"],
  });
}

/** Screenshots go to a git-ignored folder, one file per view. */
export const SCREENSHOT_DIR = projectPath("test-results", "screenshots");

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  return file;
}

/**
 * Refuses every request that leaves this machine, so a page that loads proves it works offline. Returns the
 * requests refused.
 */
export async function offline(page: Page): Promise<string[]> {
  const refused: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.hostname === "127.0.0.1" || url.hostname === "localhost")
      void request.continue();
    else {
      refused.push(request.url());
      void request.abort();
    }
  });
  return refused;
}

const axeSource = readFileSync(createRequire(__filename).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations of impact "critical" (and "serious", returned apart) on the page as it is now. */
export async function accessibility(page: Page): Promise<{ critical: string[]; serious: string[] }> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as {
    violations: { id: string; impact: string; help: string; nodes: unknown[] }[];
  };
  const of = (impact: string) =>
    result.violations.filter((v) => v.impact === impact).map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  return { critical: of("critical"), serious: of("serious") };
}
