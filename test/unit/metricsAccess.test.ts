import { createMetricsAccess } from "../../src/platform/auth/metricsAccess";
import type { Authenticator } from "../../src/platform/auth/authenticate";

const SCRAPE = "scrape-token-0123456789abcdef0123456789";
/** A JWT check that knows one token with metrics:read and one without. */
const authenticate: Authenticator = async (authorization) => {
  if (authorization === "Bearer jwt-with-role") return { caller: { subject: "ops", roles: new Set(["metrics:read"]) } };
  if (authorization === "Bearer jwt-without-role") return { caller: { subject: "sup", roles: new Set(["kb:read"]) } };
  return { failure: "invalid" };
};
const access = createMetricsAccess(
  { mode: "jwt", secret: "s", rolesClaim: "roles", clockToleranceSeconds: 30 },
  authenticate,
  SCRAPE,
);

describe("who may read /metrics (AUTH_MODE=jwt)", () => {
  it("the scrape token, exactly", async () => {
    expect(await access(`Bearer ${SCRAPE}`)).toBe("ok");
  });

  it("not another token of the same length, nor one that differs only at the end", async () => {
    const sameLength = "x".repeat(SCRAPE.length);
    const lastCharWrong = `${SCRAPE.slice(0, -1)}${SCRAPE.endsWith("9") ? "8" : "9"}`;
    for (const token of [sameLength, lastCharWrong])
      expect(await access(`Bearer ${token}`)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("a JWT with metrics:read; one without the role is 403, none at all 401", async () => {
    expect(await access("Bearer jwt-with-role")).toBe("ok");
    expect(await access("Bearer jwt-without-role")).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await access(undefined)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("anyone when AUTH_MODE=none (local use)", async () => {
    const open = createMetricsAccess({ mode: "none" }, authenticate, SCRAPE);
    expect(await open(undefined)).toBe("ok");
  });
});
