import pino from "pino";
import { OverloadedError } from "../../src/platform/errors/GatewayError";
import { PushShares, type ShareLimits } from "../../src/features/push/PushShares";

const LIMITS: ShareLimits = {
  callerPerSecond: 5,
  callerBurst: 2,
  rateShared: true,
  queuedTotal: 100,
  queuedPerCaller: 50,
  drainPerSecond: 10,
  processBurst: 4,
};

/** Shares on a fake clock, a rate that is contended when the test says so, and ledger counts the test sets. */
function setUp(limits: Partial<ShareLimits> = {}) {
  let clock = 1_000_000;
  let contended = true;
  let counts: { total: number; byCaller: { caller: string; open: number }[] } = { total: 0, byCaller: [] };
  let failing = false;
  const shares = new PushShares(
    { ...LIMITS, ...limits },
    { openByCaller: async () => (failing ? Promise.reject(new Error("down")) : counts) },
    () => contended,
    pino({ level: "silent" }),
    () => clock,
  );
  return {
    shares,
    tick: (ms: number) => (clock += ms),
    setContended: (value: boolean) => (contended = value),
    setCounts: (value: typeof counts) => (counts = value),
    setFailing: (value: boolean) => (failing = value),
  };
}

/** How many of `n` pushes of `caller` are admitted at once (each settles at once, queued: it stays open). */
function admitted(shares: PushShares, caller: string, n: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    try {
      shares.admit(caller)(true);
      ok += 1;
    } catch (error) {
      if (!(error instanceof OverloadedError)) throw error;
    }
  }
  return ok;
}

describe("PushShares: the push rate", () => {
  it("while the rate has room (no burst slot taken, less than a burst under way), nobody is refused for its rate", () => {
    const { shares, setContended } = setUp();
    setContended(false);
    expect(admitted(shares, "flood", 30)).toBe(30);
  });

  it("once the rate is contended, a caller past its share is refused with OVERLOADED and Retry-After; another caller is not", () => {
    const { shares } = setUp();
    expect(admitted(shares, "flood", 20)).toBe(2); // its burst, then refused
    let refusal: unknown;
    try {
      shares.admit("flood");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OverloadedError);
    expect(refusal).toMatchObject({
      code: "OVERLOADED",
      extensions: { retryAfterSeconds: 1, http: { status: 503 } },
      message: expect.stringContaining("your share of the push rate"),
    });
    expect(admitted(shares, "polite", 2)).toBe(2);
  });

  it("refills at the share's rate: one more push every 1 / callerPerSecond", () => {
    const { shares, tick } = setUp();
    expect(admitted(shares, "flood", 10)).toBe(2);
    tick(200);
    expect(admitted(shares, "flood", 10)).toBe(1);
  });

  it("pushes let through beyond the share while the room was spare are not billed later: one interval restores a push", () => {
    const { shares, setContended, tick } = setUp();
    setContended(false);
    expect(admitted(shares, "flood", 30)).toBe(30);
    setContended(true);
    expect(admitted(shares, "flood", 10)).toBe(0);
    tick(200); // one interval at 5 a second, not 30 of them
    expect(admitted(shares, "flood", 10)).toBe(1);
  });

  it("a burst of first attempts under way counts as contention, though the gate has not booked them yet", () => {
    const { shares, setContended } = setUp();
    setContended(false);
    const underWay = Array.from({ length: 4 }, () => shares.admit("flood")); // processBurst: 4
    expect(() => shares.admit("flood")).toThrow(/your share of the push rate/);
    underWay.forEach((settle) => settle(false));
    expect(admitted(shares, "flood", 1)).toBe(1);
  });

  it("a share of 1 refuses nobody for its rate (the process's gate queues the excess, as without shares)", () => {
    const { shares } = setUp({ rateShared: false });
    expect(admitted(shares, "flood", 50)).toBe(50);
  });
});

describe("PushShares: the backlog", () => {
  it("refuses a caller at its bound of open pushes (ledger counts plus what was admitted since); others still go", async () => {
    const { shares, setCounts, setContended } = setUp({ queuedPerCaller: 10 });
    setContended(false);
    setCounts({ total: 8, byCaller: [{ caller: "flood", open: 8 }] });
    await shares.refresh();
    expect(admitted(shares, "flood", 5)).toBe(2);
    expect(() => shares.admit("flood")).toThrow(/your pushes waiting for CXone: 10 of 10/);
    expect(admitted(shares, "polite", 3)).toBe(3);
  });

  it("refuses everyone at the total bound, with a Retry-After from the drain rate (at most 60 s)", async () => {
    const { shares, setCounts, setContended } = setUp({ queuedTotal: 100 });
    setContended(false);
    setCounts({ total: 130, byCaller: [] });
    await shares.refresh();
    let refusal: unknown;
    try {
      shares.admit("anyone");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: "OVERLOADED", extensions: { retryAfterSeconds: 4 } });
    expect((refusal as Error).message).toContain("pushes waiting for CXone: 130 of 100");
    setCounts({ total: 5_000, byCaller: [] });
    await shares.refresh();
    expect(() => shares.admit("anyone")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ retryAfterSeconds: 60 }) }),
    );
  });

  it("a push released (it settled without being queued) no longer counts; a release after a refresh changes nothing", async () => {
    const { shares, setContended } = setUp({ queuedPerCaller: 2 });
    setContended(false);
    const releases = [shares.admit("a"), shares.admit("a")];
    expect(() => shares.admit("a")).toThrow(OverloadedError);
    releases[0]?.(false);
    releases[0]?.(false); // twice is once
    const third = shares.admit("a");
    expect(() => shares.admit("a")).toThrow(OverloadedError);
    await shares.refresh(); // the ledger says none is open
    third(false);
    releases[1]?.(false);
    expect(admitted(shares, "a", 5)).toBe(2);
  });

  it("a refresh replaces what was admitted since by the ledger's counts; a failed one keeps both", async () => {
    const { shares, setCounts, setContended, setFailing } = setUp({ queuedPerCaller: 3 });
    setContended(false);
    expect(admitted(shares, "a", 5)).toBe(3);
    setFailing(true);
    await shares.refresh();
    expect(admitted(shares, "a", 1)).toBe(0);
    setFailing(false);
    setCounts({ total: 1, byCaller: [{ caller: "a", open: 1 }] }); // two were delivered meanwhile
    await shares.refresh();
    expect(admitted(shares, "a", 5)).toBe(2);
  });
});
