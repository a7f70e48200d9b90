import { ConfigError, loadConfig } from "../../src/platform/config/config";

describe("loadConfig", () => {
  it("runs with no variables at all: local Neo4j, port 4000, demo seeding", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.neo4j).toMatchObject({ kind: "local", port: 7687, password: "agent-assist-local" });
    expect(config.kb).toEqual({ seedFile: "data/demo-kb.json", seedWhenEmpty: true });
  });

  it("uses the server NEO4J_URI names and starts nothing local", () => {
    const config = loadConfig({ NEO4J_URI: "neo4j+s://db.example.com", NEO4J_PASSWORD: "pw", NEO4J_DATABASE: "kb" });
    expect(config.neo4j).toEqual({
      kind: "remote",
      uri: "neo4j+s://db.example.com",
      user: "neo4j",
      password: "pw",
      database: "kb",
    });
  });

  it("requires NEO4J_PASSWORD with NEO4J_URI", () => {
    expect(() => loadConfig({ NEO4J_URI: "bolt://db:7687" })).toThrow(/NEO4J_PASSWORD/);
  });

  it("names every invalid variable", () => {
    try {
      loadConfig({ PORT: "99999", NEO4J_URI: "http://nope", LOG_LEVEL: "loud" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/PORT/);
      expect((error as ConfigError).message).toMatch(/NEO4J_URI/);
      expect((error as ConfigError).message).toMatch(/LOG_LEVEL/);
    }
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PORT: "", NEO4J_URI: "" }).neo4j.kind).toBe("local");
  });

  it("parses booleans strictly", () => {
    expect(loadConfig({ KB_SEED_WHEN_EMPTY: "false" }).kb.seedWhenEmpty).toBe(false);
    expect(() => loadConfig({ KB_SEED_WHEN_EMPTY: "maybe" })).toThrow(/KB_SEED_WHEN_EMPTY/);
  });

  it("refuses AUTH_MODE=none in production and defaults production to JWT", () => {
    expect(() => loadConfig({ NODE_ENV: "production", AUTH_MODE: "none" })).toThrow(/AUTH_MODE: none is refused/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    expect(loadConfig({ NODE_ENV: "production", AUTH_JWT_SECRET: "s".repeat(32) }).auth).toMatchObject({
      mode: "jwt",
      rolesClaim: "roles",
    });
  });

  it("defaults to no caller authentication for the local demo", () => {
    expect(loadConfig({}).auth).toEqual({ mode: "none" });
  });

  it("refuses a short HS256 secret", () => {
    expect(() => loadConfig({ AUTH_MODE: "jwt", AUTH_JWT_SECRET: "short" })).toThrow(/AUTH_JWT_SECRET/);
  });

  it("treats CXone as configured only when its credentials are set, and names the missing ones", () => {
    expect(loadConfig({}).cxone).toBeUndefined();
    expect(() => loadConfig({ CXONE_CLIENT_ID: "id" })).toThrow(/CXONE_BASE_URL.*\n.*CXONE_CLIENT_SECRET/s);
    const b = loadConfig({
      CXONE_AUTH_MODE: "access-key",
      CXONE_CLIENT_ID: "i",
      CXONE_CLIENT_SECRET: "s",
      CXONE_ACCESS_KEY_ID: "k",
      CXONE_ACCESS_KEY_SECRET: "v",
    });
    expect(b.cxone).toMatchObject({
      delivery: "studio-signal",
      auth: { mode: "access-key", issuer: "https://cxone.niceincontact.com" },
    });
  });

  it("never starts the simulator in production or when CXone is configured", () => {
    expect(loadConfig({}).cxoneSimulator.enabled).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", AUTH_JWT_SECRET: "s".repeat(32) }).cxoneSimulator.enabled).toBe(false);
    expect(
      loadConfig({ CXONE_BASE_URL: "https://cx.test", CXONE_CLIENT_ID: "i", CXONE_CLIENT_SECRET: "s" }).cxoneSimulator
        .enabled,
    ).toBe(false);
  });

  it("turns the console and the explorer on in development and off in production unless opted into", () => {
    const production = { NODE_ENV: "production", AUTH_JWT_SECRET: "s".repeat(32) };
    expect(loadConfig({}).pages).toEqual({ console: true, explorer: true });
    expect(loadConfig(production).pages).toEqual({ console: false, explorer: false });
    expect(loadConfig({ ...production, CONSOLE_ENABLED: "true", EXPLORER_ENABLED: "1" }).pages).toEqual({
      console: true,
      explorer: true,
    });
    expect(loadConfig({ EXPLORER_ENABLED: "false" }).pages).toEqual({ console: true, explorer: false });
    expect(() => loadConfig({ CONSOLE_ENABLED: "maybe" })).toThrow(/CONSOLE_ENABLED/);
  });

  it("reads the knowledge loop's settings", () => {
    expect(loadConfig({}).knowledge).toEqual({
      feedbackWeight: 2,
      staleAfterDays: 365,
      gapFlushMs: 5_000,
      termRefreshMs: 1_000,
      cardReason: false,
      ranks: { search: "PRIORITY", text: "RELEVANCE" },
      learnedMinHelpful: 3,
    });
    expect(loadConfig({ KB_SEARCH_RANK: "RELEVANCE", KB_TEXT_RANK: "PRIORITY" }).knowledge.ranks).toEqual({
      search: "RELEVANCE",
      text: "PRIORITY",
    });
    expect(() => loadConfig({ KB_TEXT_RANK: "BEST" })).toThrow(/KB_TEXT_RANK/);
    expect(loadConfig({ KB_FEEDBACK_WEIGHT: "0", CARD_REASON: "true" }).knowledge).toMatchObject({
      feedbackWeight: 0,
      cardReason: true,
    });
    expect(() => loadConfig({ KB_STALE_AFTER_DAYS: "0" })).toThrow(/KB_STALE_AFTER_DAYS/);
  });

  it("reads the queued pushes' backoff, never letting the longest wait fall below the first", () => {
    expect(loadConfig({}).pushes.retry).toEqual({ baseMs: 500, capMs: 5_000, jitter: 0.5 });
    expect(loadConfig({ PUSH_RETRY_BASE_MS: "2000", PUSH_RETRY_MAX_MS: "60000" }).pushes.retry).toMatchObject({
      baseMs: 2_000,
      capMs: 60_000,
    });
    expect(loadConfig({ PUSH_RETRY_BASE_MS: "2000", PUSH_RETRY_MAX_MS: "100" }).pushes.retry.capMs).toBe(2_000);
    expect(() => loadConfig({ PUSH_RETRY_BASE_MS: "0" })).toThrow(/PUSH_RETRY_BASE_MS/);
  });
});
