import { loadConfig } from "../../src/platform/config/config";
import { wantsPrettyLogs } from "../../src/platform/observability/logger";

describe("LOG_FORMAT", () => {
  it("auto: lines for people only in development on a terminal; JSON in production, in tests and into a pipe", () => {
    expect(wantsPrettyLogs(loadConfig({ NODE_ENV: "development" }), true)).toBe(true);
    expect(wantsPrettyLogs(loadConfig({ NODE_ENV: "development" }), false)).toBe(false);
    expect(wantsPrettyLogs({ nodeEnv: "production", logFormat: "auto" }, true)).toBe(false);
    expect(wantsPrettyLogs(loadConfig({ NODE_ENV: "test" }), true)).toBe(false);
  });

  it("json and pretty say so whatever the terminal", () => {
    expect(wantsPrettyLogs(loadConfig({ NODE_ENV: "development", LOG_FORMAT: "json" }), true)).toBe(false);
    expect(wantsPrettyLogs(loadConfig({ NODE_ENV: "development", LOG_FORMAT: "pretty" }), false)).toBe(true);
    expect(() => loadConfig({ LOG_FORMAT: "xml" })).toThrow(/LOG_FORMAT/);
  });
});
