import { mkdirSync } from "node:fs";
import { launchBrowser } from "../test/support/browser";
import { projectPath } from "../src/platform/paths";

/**
 * `npm run docs:screenshots -- [GATEWAY_URL]`: the README's pictures, taken in headless Chromium from a running
 * zero-config gateway (`npm start`; default http://127.0.0.1:4000) and its CXone simulator.
 */
async function main(): Promise<void> {
  const base = (process.argv[2] ?? "http://127.0.0.1:4000").replace(/\/graphql$/, "");
  const simulator = process.argv[3] ?? "http://127.0.0.1:4010";
  const out = projectPath("docs", "screenshots");
  mkdirSync(out, { recursive: true });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${base}/console`, { waitUntil: "networkidle0" });
    await page.click("button[type=submit]");
    await page.waitForSelector(".card");
    await page.screenshot({ path: `${out}/console-search.png` });
    await page.click("#tab-push");
    const [push] = await page.$$("button ::-p-text(Push to agent)");
    await push?.click();
    await page.waitForSelector(".outcome strong");
    await page.click("#tab-live");
    await page.waitForFunction("document.body.textContent.includes('Feed: live')");
    await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          'mutation { pushToAgentAssist(input: { interactionId: "INT-43", agentId: "agent-9", query: "account locked" }) { status } }',
      }),
    });
    await page.waitForSelector("table.live tr td");
    await page.screenshot({ path: `${out}/console-live.png` });
    await page.goto(`${simulator}/?agent=agent-7`, { waitUntil: "networkidle0" });
    await page.screenshot({ path: `${out}/agent-view.png` });
    console.log(`screenshots in ${out}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
