import type { Browser, Page } from "puppeteer-core";
import { SignJWT } from "jose";
import type { Driver } from "neo4j-driver";
import type { App } from "../../src/app/startApp";
import { accessibility, launchBrowser, offline, screenshot } from "../support/browser";
import { importTaggedDemoKb } from "../support/demoKb";
import { postGraphql, startTestGateway } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, uniqueTag } from "../support/neo4j";
import { startPushHarness, type PushHarness } from "../support/pushHarness";

/*
 * What people see, in headless Chromium (Debian's package) driven by puppeteer-core: the supervisor console, the
 * simulator's agent view and the offline explorer. Every page is loaded with requests off this machine refused, so
 * each proves it works offline. Screenshots go to test-results/screenshots/.
 */

const SECRET = "a-test-signing-secret-of-at-least-32-chars";
const tag = uniqueTag();
let driver: Driver;
let h: PushHarness;
let jwtGateway: App;
let browser: Browser;
let term: (keyword: string) => string;
let consoleUrl: string;

beforeAll(async () => {
  driver = await openTestDriver();
  ({ term } = await importTaggedDemoKb(driver, tag));
  h = await startPushHarness();
  h.simulator.setFeedbackTarget({ graphqlUrl: h.gateway.url });
  jwtGateway = await startTestGateway({ env: { AUTH_MODE: "jwt", AUTH_JWT_SECRET: SECRET } });
  consoleUrl = h.gateway.url.replace(/\/graphql$/, "/console");
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await jwtGateway?.stop();
  await h?.stop();
  await deleteTagged(driver, tag);
  await driver?.close();
});

/** The screens every page is tried at: a laptop, a tablet standing, a phone. */
const SCREENS = [
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
] as const;

/** A fresh tab, offline, with axe allowed in (the pages' CSP would refuse its inline script). */
async function openPage(
  url: string,
  screen: { width: number; height: number } = SCREENS[0],
): Promise<{ page: Page; refused: string[]; requested: string[] }> {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.setViewport(screen);
  const refused = await offline(page);
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: "networkidle0" });
  expect(errors).toEqual([]);
  return { page, refused, requested };
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector, { clickCount: 3 });
  await page.keyboard.press("Backspace");
  await page.type(selector, text);
}

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (nodes) => nodes.map((n) => (n.textContent ?? "").trim()));

/**
 * What does not fit the screen: the page wider than the viewport, or a visible element reaching past its right
 * edge (outside boxes that scroll on their own).
 */
async function overflow(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const width = window.innerWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) out.push("page " + document.documentElement.scrollWidth + "px");
    for (const el of document.querySelectorAll("body *")) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= width + 1) continue;
      let scroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) scroller = true;
      if (!scroller) out.push(el.tagName.toLowerCase() + "." + el.className + " to " + Math.round(rect.right) + "px");
    }
    return out.slice(0, 5);
  })()`)) as string[];
}

/** Fits the screen, passes axe with no serious or critical violation, and is saved as a screenshot. */
async function checkScreen(page: Page, name: string): Promise<void> {
  expect({ name, overflow: await overflow(page) }).toEqual({ name, overflow: [] });
  const { critical, serious } = await accessibility(page);
  expect({ name, critical, serious }).toEqual({ name, critical: [], serious: [] });
  await screenshot(page, name);
}

const pushVia = (interactionId: string, agentId: string, query: string) =>
  postGraphql(
    h.gateway.url,
    `mutation { pushToAgentAssist(input: { interactionId: "${interactionId}", agentId: "${agentId}", query: "${query}" }) { status id } }`,
  );

/** Waits until the gateway's gap counts (flushed every KB_GAP_FLUSH_MS) include `text`. */
async function gapRecorded(text: string): Promise<void> {
  for (;;) {
    const { body } = await postGraphql(
      h.gateway.url,
      `{ knowledgeGaps(containing: ${JSON.stringify(text)}) { text } }`,
    );
    if ((body.data?.knowledgeGaps as unknown[] | undefined)?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the supervisor console", () => {
  it.each(SCREENS)(
    "at $width x $height: every view fits, passes axe, and works (search, push, live from the ledger, gaps, the drawer)",
    async (screen) => {
      const w = screen.width;
      const query = term("voip gateway password");
      const api = await postGraphql(
        h.gateway.url,
        `{ suggestions(query: "${query}", limit: 10) { article { title } } }`,
      );
      const expected = (api.body.data?.suggestions as { article: { title: string } }[]).map((s) => s.article.title);
      expect(expected.length).toBeGreaterThan(2);
      // A push made before the console opens, and a search nobody can answer (a knowledge gap).
      const earlier = `${tag}-early-${w}`;
      expect((await pushVia(earlier, "agent-2", query)).body.data?.pushToAgentAssist).toMatchObject({
        status: "DELIVERED",
      });
      const gap = `${tag} nothing about ${w}`;
      await postGraphql(h.gateway.url, `{ suggestArticles(query: "${gap}") { url } }`);
      await gapRecorded(gap);

      const { page, refused, requested } = await openPage(consoleUrl, screen);
      // Search: the cards, how each was found, a header for the result.
      await typeInto(page, "#q", query);
      await page.keyboard.press("Enter");
      await page.waitForSelector(".card");
      expect(await texts(page, ".card-head a")).toEqual(expected);
      expect((await texts(page, ".result-head"))[0]).toContain(`${expected.length} articles for “${query}”`);
      const meta = (await texts(page, ".card .meta")).join("\n");
      expect(meta).toMatch(/updated .* ago/);
      expect(meta).toContain(`via "${query}"`);
      expect(await texts(page, ".card .meta .badge")).toContain("Exact term");
      expect(await texts(page, ".legend")).toHaveLength(1);
      await checkScreen(page, `console-search-${w}`);

      // Push: the cards as sent, the push id, a link to the interaction; then "push anyway" after ALREADY_SHOWN.
      const interactionId = `${tag}-push-${w}`;
      await page.click("#tab-push");
      await typeInto(page, "#push-interaction", interactionId);
      await typeInto(page, "#push-query", query);
      await page.click("button.primary");
      await page.waitForSelector('.outcome [data-value="DELIVERED"]');
      expect(await texts(page, ".outcome .badge")).toEqual(["Delivered"]);
      expect(await texts(page, ".outcome .card-head a")).toEqual(expected.slice(0, 5));
      expect((await texts(page, ".outcome code"))[0]).toMatch(/^[0-9a-f-]{36}$/);
      await checkScreen(page, `console-push-${w}`);
      await page.click("button.primary");
      await page.waitForSelector('.outcome [data-value="ALREADY_SHOWN"]');
      const [anyway] = await page.$$("button ::-p-text(Push anyway)");
      await anyway?.click();
      await page.waitForSelector('.outcome [data-value="DELIVERED"]');

      // Live: the pushes of the ledger at once (the earlier one was never streamed to this page), then new ones.
      await page.click("#tab-live");
      await page.waitForFunction(
        `[...document.querySelectorAll("table.stack tr")].some((row) => row.textContent.includes(${JSON.stringify(earlier)}))`,
      );
      await page.waitForFunction("document.querySelector('.connection')?.textContent.includes('Live')");
      await typeInto(page, "#f-interaction", tag);
      await checkScreen(page, `console-live-${w}`);

      // The drawer: focus on Close, Tab stays inside, Escape closes and gives the focus back; the scrim and a view
      // change close it too. It fits the screen, Close included.
      const opener = `button.link ::-p-text(${earlier})`;
      await page.click(opener);
      await page.waitForSelector('[role="dialog"] .badge');
      expect((await texts(page, '[role="dialog"] h2'))[0]).toBe(`Interaction ${earlier}`);
      expect(await texts(page, '[role="dialog"] .history-push .badge')).toEqual(["Delivered"]);
      expect(await page.evaluate("document.activeElement.textContent")).toBe("Close");
      const close = (await page.evaluate(
        `(() => { const r = [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent === "Close").getBoundingClientRect(); return r.right <= innerWidth && r.left >= 0; })()`,
      )) as boolean;
      expect(close).toBe(true);
      await checkScreen(page, `console-drawer-${w}`);
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        expect(await page.evaluate("!!document.activeElement.closest('[role=dialog]')")).toBe(true);
      }
      await page.keyboard.press("Escape");
      expect(await page.$('[role="dialog"]')).toBeNull();
      expect(await page.evaluate("document.activeElement.textContent")).toBe(earlier);
      await page.click(opener);
      await page.waitForSelector(".scrim");
      await page.evaluate("document.querySelector('.scrim').click()"); // at 390 px the drawer covers it all
      expect(await page.$('[role="dialog"]')).toBeNull();
      await page.click(opener);
      await page.waitForSelector('[role="dialog"]');
      await page.evaluate("document.getElementById('tab-gaps').click()");
      await page.waitForSelector("#gaps-range");
      expect(await page.$('[role="dialog"]')).toBeNull();

      // Gaps: a range picker, kinds in words, CSV to download, and "search this".
      await page.waitForFunction(`document.body.textContent.includes(${JSON.stringify(gap)})`);
      expect(await texts(page, "table.stack .badge")).toContain("No article");
      const csv = (await page.$eval("a[download]", (a) => decodeURIComponent(a.getAttribute("href") ?? ""))) as string;
      expect(csv).toMatch(/^data:text\/csv;charset=utf-8,text,kind,searches,lastSearchedAt,terms\n/);
      expect(csv).toContain(`${gap},NO_RESULTS,`);
      await checkScreen(page, `console-gaps-${w}`);
      await page.select("#gaps-range", "30");
      const row = `[...document.querySelectorAll("table.stack tr")].find((r) => r.textContent.includes(${JSON.stringify(gap)}))`;
      // Found and clicked in one step: the table is replaced while the new range loads.
      await page.waitForFunction(
        `(() => { const r = ${row}; if (!r) return false; r.querySelector("button").click(); return true; })()`,
      );
      await page.waitForSelector(".result-head");
      expect(await page.evaluate("document.getElementById('q').value")).toBe(gap);
      expect((await texts(page, ".result-head"))[0]).toContain(`No published article answers “${gap}”`);

      expect(refused).toEqual([]);
      expect(requested).not.toContain("/favicon.ico");
      await page.close();
    },
  );

  it("can be used from the keyboard alone: tabs, fields and buttons take the focus", async () => {
    const { page } = await openPage(consoleUrl);
    const focused: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      focused.push(
        (await page.evaluate(
          "(e => e ? e.tagName + ':' + ((e.textContent || '').trim() || e.id) : '')(document.activeElement)",
        )) as string,
      );
    }
    expect(focused).toEqual(expect.arrayContaining(["BUTTON:Search", "BUTTON:Push", "BUTTON:Live", "INPUT:q"]));
    await page.close();
  });

  it("marks a field the push form refuses, in the form's words, and previews without sending", async () => {
    const interactionId = `${tag}-console`;
    const { page } = await openPage(consoleUrl, SCREENS[2]);
    await page.click("#tab-push");
    await typeInto(page, "#push-interaction", "bad id!");
    await page.click("button.primary");
    await page.waitForSelector("#push-interaction[aria-invalid=true]");
    expect(await texts(page, "#push-interaction-error")).toEqual([expect.stringMatching(/^Interaction: /)]);
    expect(await page.$eval("#push-interaction", (el) => el.getAttribute("aria-describedby"))).toBe(
      "push-interaction-error",
    );
    await checkScreen(page, "console-push-field-error-390");
    await typeInto(page, "#push-interaction", interactionId);
    await typeInto(page, "#push-query", term("voip gateway password"));
    const [preview] = await page.$$("button ::-p-text(Preview)");
    await preview?.click();
    await page.waitForSelector('.outcome [data-value="DRY_RUN"]');
    expect(await page.$("#push-interaction[aria-invalid=true]")).toBeNull();
    expect(h.simulator.state().deliveries.filter((d) => d.interactionId === interactionId)).toEqual([]);
    await page.close();
  });

  it("on a jwt gateway asks for a token, refuses a bad one in words, and works with a valid one", async () => {
    const url = jwtGateway.url.replace(/\/graphql$/, "/console");
    const { page } = await openPage(url);
    expect(await texts(page, "h2")).toContain("Sign in");
    await page.type("#token", "not-a-token");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#q");
    await page.keyboard.press("Enter");
    await page.click("button[type=submit] ::-p-text(Search)").catch(async () => page.keyboard.press("Enter"));
    await page.waitForSelector(".error");
    expect((await texts(page, ".error"))[0]).toContain("token is missing, invalid or expired");
    await page.click("button ::-p-text(Sign out)");
    const token = await new SignJWT({ roles: ["kb:read"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("supervisor-9")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(SECRET));
    await page.type("#token", token);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#q");
    expect((await texts(page, ".token span"))[0]).toContain("supervisor-9");
    expect(await page.evaluate("location.href")).not.toContain(token.slice(0, 20));
    expect(await page.evaluate("sessionStorage.getItem('aag-console-token')")).toBe(token);
    await typeInto(page, "#q", term("voip gateway password"));
    await page.keyboard.press("Enter");
    await page.waitForSelector(".card");
    // The token's roles decide what the console offers: no assist:push, so Push is marked locked.
    expect(await texts(page, "#tab-push")).toEqual(["Push (no access)"]);
    await screenshot(page, "console-jwt");
    await page.close();
  });

  it("on a jwt gateway the live feed pauses when its token expires, says so, and resumes with a new token", async () => {
    const url = jwtGateway.url.replace(/\/graphql$/, "/console");
    const tolerance = 30; // AUTH_CLOCK_TOLERANCE_S's default
    const signed = (exp: number | string) =>
      new SignJWT({ roles: ["assist:read"] })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("supervisor-9")
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(SECRET));
    const { page } = await openPage(url);
    await page.type("#token", await signed(Math.floor(Date.now() / 1000) + 3 - tolerance));
    await page.keyboard.press("Enter");
    await page.click("#tab-live");
    await page.waitForSelector(".connection.c-live");
    await page.waitForFunction("document.body.textContent.includes('your token expired')", { timeout: 15_000 });
    await screenshot(page, "console-live-token-expired");
    await page.click("button ::-p-text(Sign out)");
    await page.type("#token", await signed("5m"));
    await page.keyboard.press("Enter");
    await page.click("#tab-live");
    await page.waitForSelector(".connection.c-live");
    await page.close();
  });
});

describe("the simulator's agent page", () => {
  it.each(SCREENS)(
    "at $width x $height: one agent's interactions, newest first; a vote answers in place; new pushes appear without a reload",
    async (screen) => {
      const w = screen.width;
      const query = term("voip gateway password");
      const [mine, theirs] = [`${tag}-mine-${w}`, `${tag}-theirs-${w}`];
      await pushVia(theirs, `agent-other-${w}`, query);
      await pushVia(mine, `agent-mine-${w}`, query);
      const { page, refused, requested } = await openPage(`${h.simulator.url}/?agent=agent-mine-${w}`, screen);
      // The agent is learned from the gateway right after the delivery: the list patches itself once it is.
      await page.waitForSelector(`section[aria-label="Interaction ${mine}"]`);
      expect(await page.$(`section[aria-label="Interaction ${theirs}"]`)).toBeNull();
      await page.evaluate("window.notReloaded = true");
      await checkScreen(page, `agent-view-${w}`);

      // A vote answers in place and shows the choice, which can be changed.
      const section = `section[aria-label="Interaction ${mine}"]`;
      await page.click(`${section} .card:first-of-type button[value=false]`);
      await page.waitForFunction(
        `document.querySelector('${section} .card .answer').textContent === "Thanks: marked not helpful."`,
      );
      expect(await page.$eval(`${section} .card button[value=false]`, (b) => b.getAttribute("aria-pressed"))).toBe(
        "true",
      );
      await page.click(`${section} .card:first-of-type button[value=true]`);
      await page.waitForFunction(
        `document.querySelector('${section} .card .answer').textContent === "Thanks: marked helpful."`,
      );
      expect(await page.$eval(`${section} .card button[value=false]`, (b) => b.getAttribute("aria-pressed"))).toBe(
        "false",
      );

      // A new push for this agent appears at the top, the page never reloading under the reader.
      await page.evaluate("document.activeElement.blur()");
      const next = `${tag}-next-${w}`;
      await pushVia(next, `agent-mine-${w}`, query);
      await page.waitForSelector(`section[aria-label="Interaction ${next}"]`, { timeout: 15_000 });
      expect(await texts(page, "section.interaction h2")).toEqual([
        expect.stringContaining(next),
        expect.stringContaining(mine),
      ]);
      expect(await page.evaluate("window.notReloaded")).toBe(true);
      expect(await page.$eval(`${section} .card button[value=true]`, (b) => b.getAttribute("aria-pressed"))).toBe(
        "true",
      );
      expect(refused).toEqual([]);
      expect(requested).not.toContain("/favicon.ico");
      await page.close();
    },
  );
});

describe("the explorer", () => {
  it("GraphiQL at /graphiql runs a query with no internet, and /graphql offers it beside Apollo Sandbox", async () => {
    const landing = await openPage(h.gateway.url);
    expect(await texts(landing.page, "a")).toEqual(
      expect.arrayContaining(["Local explorer", "Apollo Sandbox", "Supervisor console"]),
    );
    await landing.page.close();

    const { page, refused } = await openPage(h.gateway.url.replace(/\/graphql$/, "/graphiql"));
    await page.waitForSelector(".graphiql-execute-button");
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(`document.querySelector(".result-window")?.textContent.includes('"suggestions"')`);
    await screenshot(page, "graphiql");
    expect(refused).toEqual([]);
    await page.close();
  });
});
