import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { freePort } from "../../src/dev/neo4j/freePort";
import { projectPath } from "../../src/platform/paths";
import { PUSH } from "../support/pushHarness";
import { GatewayProcess } from "../support/gatewayProcess";
import { testEnvironment } from "../support/gatewayHarness";

const DASHBOARD = projectPath("deploy/grafana/dashboards/agent-assist-gateway.json");
const ALERTS = projectPath("deploy/prometheus/alerts.yml");

/** Metric families a PromQL expression reads (histogram series named by their family). */
function familiesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(aag_[a-z0-9_]+)/g)].map((m) => (m[1] as string).replace(/_(bucket|count|sum)$/, ""));
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

function alertExpressions(): string[] {
  const rules = parseYaml(readFileSync(ALERTS, "utf8")) as {
    groups: { rules: { alert: string; expr: string; for: string }[] }[];
  };
  return rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
}

describe("the shipped Grafana dashboard and Prometheus alerts", () => {
  jest.setTimeout(180_000);

  it("parse, and every metric they read is one the gateway exports on /metrics", async () => {
    const expressions = [...dashboardExpressions(), ...alertExpressions()];
    expect(expressions.length).toBeGreaterThan(15);
    const families = new Set(expressions.flatMap(familiesIn));
    expect(families.size).toBeGreaterThan(10);

    // A real gateway process (process metrics on), with the simulator: a query and a push, then /metrics.
    const port = await freePort();
    const gateway = GatewayProcess.start(
      testEnvironment({
        PORT: String(port),
        LOG_LEVEL: "warn",
        CXONE_SIMULATOR: "auto",
        CXONE_SIMULATOR_PORT: String(await freePort()),
      }),
    );
    try {
      await gateway.waitFor(/Health:/, 120_000);
      const url = `http://127.0.0.1:${port}`;
      const post = (body: unknown) =>
        fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      await post({ query: '{ suggestArticles(query: "anything") { url } }' });
      await post({
        query: PUSH,
        variables: { input: { interactionId: "DASH-1", query: "anything at all", agentId: "a" } },
      });
      const exported = await (await fetch(`${url}/metrics`)).text();
      const missing = [...families].filter((family) => !new RegExp(`^# TYPE ${family} `, "m").test(exported));
      expect(missing).toEqual([]);
      expect(exported).toMatch(/^aag_ready 1$/m); // the readiness alert's input says what /readyz says
    } finally {
      expect(await gateway.stop("SIGTERM")).toBe(0);
    }
  });

  it("every alert has a name, a duration and a summary", () => {
    const rules = parseYaml(readFileSync(ALERTS, "utf8")) as { groups: { rules: Record<string, unknown>[] }[] };
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      expect(rule).toMatchObject({
        alert: expect.any(String),
        expr: expect.any(String),
        for: expect.stringMatching(/^\d+[smh]$/),
      });
      expect((rule.annotations as { summary?: string }).summary).toEqual(expect.any(String));
    }
  });
});
