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
      shares.admit(caller).settle(true);
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
    underWay.forEach((admission) => admission.settle(false));
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
    releases[0]?.settle(false);
    releases[0]?.settle(false); // twice is once
    const third = shares.admit("a");
    expect(() => shares.admit("a")).toThrow(OverloadedError);
    await shares.refresh(); // the ledger says none is open
    third.settle(false);
    releases[1]?.settle(false);
    expect(admitted(shares, "a", 5)).toBe(2);
  });

  it("a refresh replaces the recorded pushes by the ledger's counts; a failed one keeps both", async () => {
    const { shares, setCounts, setContended, setFailing } = setUp({ queuedPerCaller: 3 });
    setContended(false);
    const recorded = [shares.admit("a"), shares.admit("a"), shares.admit("a")];
    await shares.recording(recorded, async () => "written");
    recorded.forEach((admission) => admission.settle(true));
    expect(admitted(shares, "a", 1)).toBe(0);
    setFailing(true);
    await shares.refresh();
    expect(admitted(shares, "a", 1)).toBe(0);
    setFailing(false);
    setCounts({ total: 1, byCaller: [{ caller: "a", open: 1 }] }); // two were delivered meanwhile
    await shares.refresh();
    expect(admitted(shares, "a", 5)).toBe(2);
  });

  it("a push admitted before a count but not recorded when it read still counts after it: the count could not include it", async () => {
    const { shares, setCounts, setContended } = setUp({ queuedPerCaller: 2 });
    setContended(false);
    const first = shares.admit("a");
    await shares.recording([first], async () => "written");
    first.settle(true);
    const second = shares.admit("a"); // searching: its record is not written yet
    setCounts({ total: 1, byCaller: [{ caller: "a", open: 1 }] }); // the ledger holds the first only
    await shares.refresh();
    expect(() => shares.admit("a")).toThrow(/your pushes waiting for CXone: 2 of 2/);
    await shares.recording([second], async () => "written");
    second.settle(true);
    setCounts({ total: 2, byCaller: [{ caller: "a", open: 2 }] });
    await shares.refresh();
    expect(() => shares.admit("a")).toThrow(/2 of 2/); // now the ledger's count, not counted twice
  });
});

/** A deferred promise the test resolves. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every pending callback run (no timers). */
const settleMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("PushShares: counts and push writes take turns", () => {
  function sharesWithLedger(read: () => Promise<{ total: number; byCaller: { caller: string; open: number }[] }>) {
    return new PushShares(
      { ...LIMITS, queuedPerCaller: 2 },
      { openByCaller: read },
      () => false,
      pino({ level: "silent" }),
    );
  }

  it("a count waits for the push write under way, then includes it: the push is neither missed nor counted twice", async () => {
    const events: string[] = [];
    const shares = sharesWithLedger(async () => {
      events.push("count read");
      return { total: 1, byCaller: [{ caller: "a", open: 1 }] };
    });
    const admission = shares.admit("a");
    const write = deferred<string>();
    const writing = shares.recording([admission], () => write.promise.then((v) => (events.push("write done"), v)));
    const counting = shares.refresh();
    await settleMicrotasks();
    expect(events).toEqual([]); // the count has not read while the write is under way
    write.resolve("written");
    await Promise.all([writing, counting]);
    expect(events).toEqual(["write done", "count read"]);
    admission.settle(true);
    expect(shares.admit("a")).toBeDefined(); // 1 open, not 2
    expect(() => shares.admit("a")).toThrow(/2 of 2/);
  });

  it("a push write waits for the count under way, and the count does not include it", async () => {
    const events: string[] = [];
    const read = deferred<{ total: number; byCaller: { caller: string; open: number }[] }>();
    const shares = sharesWithLedger(() => (events.push("count read"), read.promise));
    const counting = shares.refresh();
    const admission = shares.admit("a");
    const writing = shares.recording([admission], async () => events.push("write"));
    await settleMicrotasks();
    expect(events).toEqual(["count read"]);
    read.resolve({ total: 0, byCaller: [] });
    await Promise.all([counting, writing]);
    expect(events).toEqual(["count read", "write"]);
    admission.settle(true);
    expect(shares.admit("a")).toBeDefined();
    expect(() => shares.admit("a")).toThrow(/2 of 2/); // the written push still counts: 2 of 2
  });

  it("neither waits past its limit for the other: a write that hangs does not stop the counts", async () => {
    const shares = sharesWithLedger(async () => ({ total: 0, byCaller: [] }));
    const admission = shares.admit("a");
    void shares.recording([admission], () => new Promise(() => undefined));
    await shares.refresh(); // returns although the write never ends
    expect(() => shares.admit("a")).not.toThrow(); // the unwritten push still counts, 1 of 2
    expect(() => shares.admit("a")).toThrow(/2 of 2/);
  });
});
