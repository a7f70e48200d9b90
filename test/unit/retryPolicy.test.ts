import { backoffMs, nextRetryDelay, parseRetryAfter, type RetryPolicy } from "../../src/integrations/cxone/retryPolicy";

const policy: RetryPolicy = { maxAttempts: 3, backoffBaseMs: 100, retryAfterCapMs: 5_000 };
const now = Date.parse("2026-11-25T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => expect(parseRetryAfter("2", now)).toBe(2_000));
  it("reads an HTTP date relative to now", () =>
    expect(parseRetryAfter("Wed, 25 Nov 2026 12:00:03 GMT", now)).toBe(3_000));
  it("treats a date in the past as no wait", () =>
    expect(parseRetryAfter("Wed, 25 Nov 2026 11:00:00 GMT", now)).toBe(0));
  it("ignores garbage and absence", () => {
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  it("grows exponentially and is jittered below the ceiling", () => {
    expect(backoffMs(1, 100, () => 0.999)).toBe(100);
    expect(backoffMs(3, 100, () => 0.5)).toBe(200);
    expect(backoffMs(3, 100, () => 0)).toBe(0);
    expect(backoffMs(20, 100, () => 1)).toBe(5_000);
  });
});

describe("nextRetryDelay", () => {
  const facts = { attempt: 1, remainingMs: 10_000 };
  it.each([429, 502, 503, 504])("retries status %i", (statusCode) => {
    expect(nextRetryDelay(policy, { ...facts, statusCode }, () => 0.5)).toBe(50);
  });
  it.each([400, 401, 403, 404, 500])("does not retry status %i", (statusCode) => {
    expect(nextRetryDelay(policy, { ...facts, statusCode })).toBeUndefined();
  });
  it("retries socket errors and timed-out attempts, nothing else", () => {
    expect(nextRetryDelay(policy, { ...facts, errorCode: "ECONNRESET" }, () => 1)).toBe(100);
    expect(nextRetryDelay(policy, { ...facts, errorCode: "UND_ERR_HEADERS_TIMEOUT" }, () => 1)).toBe(100);
    expect(nextRetryDelay(policy, { ...facts, errorCode: "UND_ERR_INVALID_ARG" })).toBeUndefined();
  });
  it("honours Retry-After over backoff", () => {
    expect(nextRetryDelay(policy, { ...facts, statusCode: 429, retryAfter: "2" })).toBe(2_000);
  });
  it("gives up when Retry-After exceeds the cap or the time left", () => {
    expect(nextRetryDelay(policy, { ...facts, statusCode: 429, retryAfter: "6" })).toBeUndefined();
    expect(nextRetryDelay(policy, { ...facts, statusCode: 429, retryAfter: "2", remainingMs: 1_500 })).toBeUndefined();
  });
  it("stops after maxAttempts", () => {
    expect(nextRetryDelay(policy, { ...facts, attempt: 3, statusCode: 503 })).toBeUndefined();
  });
});
