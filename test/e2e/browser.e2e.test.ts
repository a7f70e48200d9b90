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

/** A fresh tab, offline, with axe allowed in (the pages' CSP would refuse its inline script). */
async function openPage(url: string, width = 1280): Promise<{ page: Page; refused: string[] }> {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.setViewport({ width, height: 900 });
  const refused = await offline(page);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: "networkidle0" });
  expect(errors).toEqual([]);
  return { page, refused };
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector, { clickCount: 3 });
  await page.keyboard.press("Backspace");
  await page.type(selector, text);
}

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (nodes) => nodes.map((n) => (n.textContent ?? "").trim()));

describe("the supervisor console", () => {
  it("searches as an agent would and shows the cards with priority, freshness and why; usable at 1280 px and 768 px, with no critical accessibility violations", async () => {
    const query = term("voip gateway password");
    const api = await postGraphql(h.gateway.url, `{ suggestions(query: "${query}", limit: 10) { article { title } } }`);
    const expected = (api.body.data?.suggestions as { article: { title: string } }[]).map((s) => s.article.title);
    expect(expected.length).toBeGreaterThan(2);
    for (const width of [1280, 768]) {
      const { page, refused } = await openPage(consoleUrl, width);
      await typeInto(page, "#q", query);
      await page.keyboard.press("Enter");
      await page.waitForSelector(".card");
      expect(await texts(page, ".card-head a")).toEqual(expected);
      const meta = (await texts(page, ".card .meta")).join("\n");
      expect(meta).toMatch(/updated .* ago/);
      expect(meta).toContain(`via "${query}"`);
      const scrollWidth = (await page.evaluate("document.documentElement.scrollWidth")) as number;
      expect(scrollWidth).toBeLessThanOrEqual(width);
      await screenshot(page, `console-search-${width}`);
      const { critical } = await accessibility(page);
      expect(critical).toEqual([]);
      expect(refused).toEqual([]);
      await page.close();
    }
  });

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

  it("pushes from the console: a preview, then the push, whose cards arrive on the simulator's agent page", async () => {
    const interactionId = `${tag}-console`;
    const { page } = await openPage(consoleUrl);
    await page.click("#tab-push");
    await typeInto(page, "#interaction", interactionId);
    await typeInto(page, "#agent", "agent-7");
    await typeInto(page, "#push-query", term("voip gateway password"));
    const [preview] = await page.$$("button ::-p-text(Preview)");
    await preview?.click();
    await page.waitForSelector('[data-status="DRY_RUN"]');
    expect(h.simulator.state().deliveries.filter((d) => d.interactionId === interactionId)).toEqual([]);
    const [push] = await page.$$("button ::-p-text(Push to agent)");
    await push?.click();
    await page.waitForSelector('[data-status="DELIVERED"]');
    expect(await texts(page, ".outcome strong")).toEqual(["Delivered to the agent's screen"]);
    const sent = await texts(page, ".outcome li");
    await screenshot(page, "console-push");
    await page.close();

    const agent = await openPage(`${h.simulator.url}/?agent=agent-7`);
    // The page reloads itself every 5 s; stop that (as an agent reading it may) so only the answer navigates.
    await agent.page.click("#auto");
    const section = await agent.page.$(`section[aria-label="Interaction ${interactionId}"]`);
    expect(await agent.page.evaluate("document.getElementById('auto').checked")).toBe(false);
    expect(section).not.toBeNull();
    expect(await section?.$$eval(".card header a", (nodes) => nodes.map((n) => n.textContent?.trim()))).toEqual(sent);
    expect(await section?.$$eval(".feedback button", (nodes) => nodes.length)).toBe(sent.length * 2);
    await screenshot(agent.page, "agent-view");
    const { critical } = await accessibility(agent.page);
    expect(critical).toEqual([]);
    // An agent's "Not helpful" reaches the gateway and the page says so.
    await Promise.all([agent.page.waitForNavigation(), section?.$("button[value=false]").then((b) => b?.click())]);
    expect(await texts(agent.page, ".note")).toEqual(["Thanks: marked not helpful."]);
    await agent.page.close();
  });

  it("shows pushes made by another client live, and a click opens the interaction's history", async () => {
    const interactionId = `${tag}-live`;
    const { page } = await openPage(consoleUrl);
    await page.click("#tab-live");
    await page.waitForFunction("document.body.textContent.includes('Feed: live')");
    await typeInto(page, "#f-interaction", tag);
    const pushed = await postGraphql(
      h.gateway.url,
      `mutation { pushToAgentAssist(input: { interactionId: "${interactionId}", agentId: "agent-3", query: "${term("voip gateway password")}" }) { status } }`,
    );
    expect(pushed.body.data?.pushToAgentAssist).toEqual({ status: "DELIVERED" });
    const answeredAt = Date.now();
    await page.waitForFunction(
      `[...document.querySelectorAll("table.live tr")].some((row) => row.textContent.includes(${JSON.stringify(interactionId)}) && row.textContent.includes("DELIVERED"))`,
    );
    // Events travel over graphql-ws the moment the gateway records them; a wide bound only catches a stalled feed.
    expect(Date.now() - answeredAt).toBeLessThan(10_000);
    await screenshot(page, "console-live");
    const [open] = await page.$$(`button.link ::-p-text(${interactionId})`);
    await open?.click();
    await page.waitForSelector('[role="dialog"] .status');
    expect((await texts(page, '[role="dialog"] h2'))[0]).toBe(`Interaction ${interactionId}`);
    expect(await texts(page, '[role="dialog"] li .status')).toEqual(["DELIVERED"]);
    await screenshot(page, "console-history");
    await page.close();
  });

  it("on a jwt gateway asks for a token, refuses a bad one in words, and works with a valid one", async () => {
    const url = jwtGateway.url.replace(/\/graphql$/, "/console");
    const { page } = await openPage(url);
    expect(await texts(page, "h2")).toContain("Sign in");
    await page.type("#token", "not-a-token");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#q");
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
    await page.waitForFunction("document.body.textContent.includes('Feed: live')");
    await page.waitForFunction("document.body.textContent.includes('your token expired')", { timeout: 15_000 });
    await screenshot(page, "console-live-token-expired");
    await page.click("button ::-p-text(Sign out)");
    await page.type("#token", await signed("5m"));
    await page.keyboard.press("Enter");
    await page.click("#tab-live");
    await page.waitForFunction("document.body.textContent.includes('Feed: live')");
    await page.close();
  });
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
