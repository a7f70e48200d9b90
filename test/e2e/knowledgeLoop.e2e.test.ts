import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SignJWT } from "jose";
import type { Driver } from "neo4j-driver";
import { projectPath } from "../../src/platform/paths";
import { GraphFixture } from "../support/fixtures";
import { postGraphql } from "../support/gatewayHarness";
import { deleteTagged, openTestDriver, testConnection, uniqueTag } from "../support/neo4j";
import { startPushHarness, type PushHarness } from "../support/pushHarness";

/*
 * The knowledge loop over HTTP, as agents' tools, supervisors and KB authors use it: roles, cards that say why,
 * pushes from what the customer said, the simulator agent page's feedback buttons, and `npm run kb:gaps`.
 */

const SECRET = "a-test-signing-secret-of-at-least-32-chars";
const tag = uniqueTag();
const f = new GraphFixture(tag);
const term = f.keyword("modem", "reset");
let driver: Driver;
let h: PushHarness;

const token = (roles: string[]) =>
  new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("tester")
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(SECRET));
const as = async (roles: string[]) => ({ authorization: `Bearer ${await token(roles)}` });

const PUSH = `mutation Push($input: PushToAgentAssistInput!) {
  pushToAgentAssist(input: $input) { status pushId cards { url metadata { reason } } }
}`;
const FEEDBACK = `mutation F($input: CardFeedbackInput!) { recordCardFeedback(input: $input) { helpful } }`;

beforeAll(async () => {
  driver = await openTestDriver();
  f.term(term)
    .article({ slug: "modem", priority: 9, updatedAt: new Date().toISOString() })
    .article({ slug: "cable", priority: 5, updatedAt: new Date().toISOString() })
    .link({ term }, "RESOLVES", { article: f.url("modem") })
    .link({ article: f.url("modem") }, "RELATED_TO", { article: f.url("cable") });
  await f.save(driver);
  h = await startPushHarness({
    env: { AUTH_MODE: "jwt", AUTH_JWT_SECRET: SECRET, CARD_REASON: "true", KB_GAP_FLUSH_MS: "200" },
  });
  h.simulator.setFeedbackTarget({
    graphqlUrl: h.gateway.url,
    authorization: (await as(["assist:feedback"])).authorization,
  });
});

afterAll(async () => {
  await h?.stop();
  await deleteTagged(driver, tag);
  await driver.close();
});

describe("the knowledge loop over HTTP", () => {
  it("needs kb:read to search and read gaps, and assist:feedback (not assist:push) to answer about a card", async () => {
    const reader = await as(["kb:read"]);
    const read = await postGraphql(
      h.gateway.url,
      `{ suggestions(query: "${term}") { rank } knowledgeGaps(first: 1) { text } }`,
      {},
      reader,
    );
    expect(read.body.errors).toBeUndefined();
    const history = await as(["assist:read"]);
    const refused = await postGraphql(h.gateway.url, `{ suggestFromText(text: "x") { rank } }`, {}, history);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredRole: "kb:read" });

    const pushed = await postGraphql(
      h.gateway.url,
      PUSH,
      { input: { interactionId: `${tag}-roles`, agentId: "a1", query: term } },
      await as(["assist:push"]),
    );
    const pushId = (pushed.body.data?.pushToAgentAssist as { pushId: string }).pushId;
    const input = { pushId, url: f.url("modem"), agentId: "a1", helpful: true };
    const pusherOnly = await postGraphql(h.gateway.url, FEEDBACK, { input }, await as(["assist:push", "kb:read"]));
    expect(pusherOnly.status).toBe(403);
    expect(pusherOnly.body.errors?.[0]?.extensions).toMatchObject({
      code: "FORBIDDEN",
      requiredRole: "assist:feedback",
    });
    const agent = await postGraphql(h.gateway.url, FEEDBACK, { input }, await as(["assist:feedback"]));
    expect(agent.body).toEqual({ data: { recordCardFeedback: { helpful: true } } });
  });

  it("pushes from what the customer said; with CARD_REASON=true each card says why, and CXone receives it", async () => {
    const said = `hello, my ${term.toUpperCase()} did not help, the lights blink`;
    const { body } = await postGraphql(
      h.gateway.url,
      PUSH,
      { input: { interactionId: `${tag}-text`, agentId: "a1", text: said } },
      await as(["assist:push"]),
    );
    expect(body.errors).toBeUndefined();
    const push = body.data?.pushToAgentAssist as {
      status: string;
      cards: { url: string; metadata: { reason: string } }[];
    };
    expect(push.status).toBe("DELIVERED");
    expect(push.cards).toEqual([
      { url: f.url("modem"), metadata: { reason: `via "${term}" (resolves)` } },
      { url: f.url("cable"), metadata: { reason: `via "${term}" (resolves → related to)` } },
    ]);
    const delivered = h.simulator.state().deliveries.find((d) => d.interactionId === `${tag}-text`);
    expect(delivered?.cards.map((c) => c.metadata.reason)).toEqual(push.cards.map((c) => c.metadata.reason));
    const both = await postGraphql(
      h.gateway.url,
      PUSH,
      { input: { interactionId: `${tag}-x`, agentId: "a1", text: said, query: term } },
      await as(["assist:push"]),
    );
    expect(both.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "query" });
  });

  it("the simulator's agent page shows helpful / not helpful on each card, and an answer reaches the gateway", async () => {
    const interactionId = `${tag}-page`;
    await postGraphql(
      h.gateway.url,
      PUSH,
      { input: { interactionId, agentId: "agent-9", query: term, limit: 1 } },
      await as(["assist:push"]),
    );
    const page = await (await fetch(`${h.simulator.url}/?agent=agent-9`)).text();
    const section = page.slice(page.indexOf(`Interaction ${interactionId}`));
    const form =
      /<form class="feedback" method="post" action="\/_agent\/feedback">([\s\S]*?)<\/form>/.exec(section)?.[1] ?? "";
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];
    expect(field("url")).toBe(f.url("modem"));
    expect(field("agentId")).toBe("agent-9");
    expect(form).toContain("Not helpful");

    const answer = await fetch(`${h.simulator.url}/_agent/feedback`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        pushId: field("pushId") as string,
        url: field("url") as string,
        agentId: "agent-9",
        helpful: "false",
      }).toString(),
    });
    expect(answer.status).toBe(303);
    const back = new URL(answer.headers.get("location") as string, h.simulator.url);
    expect(back.searchParams.get("note")).toBe("Thanks: marked not helpful.");
    expect(await (await fetch(back)).text()).toContain("Thanks: marked not helpful.");
    const { records } = await driver.executeQuery(
      "MATCH (p:Push {interactionId: $interactionId})-[:GOT_FEEDBACK]->(f:CardFeedback {agentId: 'agent-9'}) RETURN f.helpful AS helpful",
      { interactionId },
      { database: testConnection().database },
    );
    expect(records.map((r) => r.get("helpful"))).toEqual([false]);
  });

  it("npm run kb:gaps prints the gaps the gateway counted, as JSON or CSV", async () => {
    const nothing = `${tag}nothing ${tag}here`;
    const searched = await postGraphql(
      h.gateway.url,
      `{ suggestArticles(query: "${nothing}") { url } }`,
      {},
      await as(["kb:read"]),
    );
    expect(searched.body).toEqual({ data: { suggestArticles: [] } });
    // Counted in memory, written within KB_GAP_FLUSH_MS (200 ms here): wait for the row, not for a time.
    // Run asynchronously: this gateway runs in the test's own process, and its flush timer must keep running.
    const kbGaps = async (...args: string[]) => {
      const neo4j = testConnection();
      const env = {
        ...process.env,
        NEO4J_URI: neo4j.uri,
        NEO4J_USER: neo4j.user,
        NEO4J_PASSWORD: neo4j.password,
        NEO4J_DATABASE: neo4j.database,
      };
      try {
        const { stdout, stderr } = await promisify(execFile)(
          process.execPath,
          ["--import", "tsx", projectPath("scripts/kbGaps.ts"), ...args],
          { cwd: projectPath(), env, timeout: 60_000 },
        );
        return { status: 0, out: stdout, err: stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { status: failed.code ?? -1, out: failed.stdout ?? "", err: failed.stderr ?? "" };
      }
    };
    let json: { text: string; kind: string; searches: number }[] = [];
    for (let tries = 0; tries < 50 && !json.some((g) => g.text === nothing); tries++) {
      const run = await kbGaps("--since", "1d", "--format", "json", "--first", "10000");
      expect(run.status).toBe(0);
      json = JSON.parse(run.out.slice(run.out.indexOf("["))) as typeof json;
    }
    expect(json.find((g) => g.text === nothing)).toMatchObject({ kind: "NO_RESULTS", searches: 1 });
    const csv = await kbGaps("--kind", "NO_RESULTS", "--format", "csv", "--first", "10000");
    expect(csv.out).toContain("text,kind,searches,lastSearchedAt,terms");
    expect(csv.out).toMatch(new RegExp(`\\n${nothing},NO_RESULTS,1,`));
    const wrong = await kbGaps("--since", "last week");
    expect(wrong.status).toBe(2);
    expect(wrong.err).toContain("--since");
  });
});
