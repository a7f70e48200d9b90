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
    await page.click("button.primary");
    await page.waitForSelector(".outcome .badge");
    await page.click("#tab-live");
    await page.waitForSelector(".connection.c-live");
    await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          'mutation { pushToAgentAssist(input: { interactionId: "INT-43", agentId: "agent-9", query: "account locked" }) { status } }',
      }),
    });
    await page.waitForFunction("document.body.textContent.includes('INT-43')");
    await page.screenshot({ path: `${out}/console-live.png` });
    // A phone: the push outcome, then the drawer over it.
    await page.setViewport({ width: 390, height: 844 });
    await page.click("#tab-push");
    await page.click("button.primary");
    await page.waitForSelector(".outcome .badge");
    const phone = await browser.newPage();
    await phone.setViewport({ width: 390, height: 844 });
    await phone.goto(`${base}/console`, { waitUntil: "networkidle0" });
    await phone.click("#tab-live");
    await phone.waitForSelector("table.stack button.link");
    await phone.click("table.stack button.link");
    await phone.waitForSelector('[role="dialog"] .history-push');
    await phone.screenshot({ path: `${out}/console-phone.png` });
    await page.setViewport({ width: 1280, height: 800 });
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
