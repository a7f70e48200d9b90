import { backoffDelay, sleep } from "../../src/platform/resilience/backoff";

describe("backoffDelay", () => {
  const exact = { baseMs: 100, capMs: 1_000, jitter: 0 };

  it("doubles from the base with each failure and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, exact))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelay(0, exact)).toBe(100);
  });

  it("randomises the jittered share of the wait and no more", () => {
    const half = { ...exact, jitter: 0.5 };
    expect(backoffDelay(3, half, () => 0)).toBe(200);
    expect(backoffDelay(3, half, () => 1)).toBe(400);
    const full = { ...exact, jitter: 1 };
    expect(backoffDelay(3, full, () => 0)).toBe(0);
    expect(backoffDelay(3, full, () => 0.5)).toBe(200);
    expect(backoffDelay(40, full, () => 1)).toBe(1_000);
  });
});

describe("sleep", () => {
  it("resolves early, without throwing, when its signal aborts", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
