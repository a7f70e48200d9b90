import { AdmissionQueue } from "../../src/platform/resilience/AdmissionQueue";

/** Work that finishes when the test says so. */
function deferred() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: () => done, finish };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * How a promise stands once pending callbacks have run: a refusal "at once" must be `rejected` here. A queue that
 * wrongly admits or parks the unit shows `pending` in the failure, instead of a test that hangs until its timeout.
 */
async function outcomeAtOnce<T>(
  promise: Promise<T>,
): Promise<{ status: "fulfilled"; value: T } | { status: "rejected"; reason: unknown } | { status: "pending" }> {
  let outcome: { status: "fulfilled"; value: T } | { status: "rejected"; reason: unknown } | { status: "pending" } = {
    status: "pending",
  };
  promise.then(
    (value) => (outcome = { status: "fulfilled", value }),
    (reason: unknown) => (outcome = { status: "rejected", reason }),
  );
  await Promise.resolve();
  await Promise.resolve();
  return outcome;
}

const OVERLOADED = { status: "rejected", reason: expect.objectContaining({ code: "OVERLOADED" }) };

describe("AdmissionQueue", () => {
  afterEach(() => jest.useRealTimers());

  it("runs at most maxConcurrent units at once and admits waiters in arrival order", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 2, maxQueue: 10, maxWaitMs: 60_000 });
    const units = [deferred(), deferred(), deferred(), deferred()];
    const order: number[] = [];
    const runs = units.map((u, i) => queue.run(async () => (order.push(i), u.work())));
    await flush();
    expect(order).toEqual([0, 1]);
    expect(queue.waiting).toBe(2);
    units[1]?.finish();
    await flush();
    expect(order).toEqual([0, 1, 2]);
    units[0]?.finish();
    units[2]?.finish();
    units[3]?.finish();
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(queue.running).toBe(0);
    expect(queue.waiting).toBe(0);
  });

  it("refuses at once with OVERLOADED (503, Retry-After) when the queue is full", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueue: 1, maxWaitMs: 60_000 });
    const busy = deferred();
    const first = queue.run(busy.work);
    const second = queue.run(async () => "second");
    expect(await outcomeAtOnce(queue.run(async () => "third"))).toMatchObject({
      status: "rejected",
      reason: {
        code: "OVERLOADED",
        extensions: { code: "OVERLOADED", retryAfterSeconds: expect.any(Number), http: { status: 503 } },
      },
    });
    const headers = (await queue
      .run(async () => 0)
      .catch((e: { extensions: { http: { headers: Map<string, string> } } }) => e.extensions.http.headers)) as Map<
      string,
      string
    >;
    expect(headers.get("retry-after")).toMatch(/^\d+$/);
    expect(queue.refused).toBe(2);
    busy.finish();
    await expect(first).resolves.toBeUndefined();
    await expect(second).resolves.toBe("second");
  });

  it("refuses a waiter whose time runs out, and the slot then goes to the next one", async () => {
    jest.useFakeTimers();
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueue: 10, maxWaitMs: 1_000 });
    const busy = deferred();
    const first = queue.run(busy.work);
    const late = queue.run(async () => "late");
    jest.advanceTimersByTime(1_001);
    expect(await outcomeAtOnce(late)).toMatchObject(OVERLOADED);
    expect(queue.waiting).toBe(0);
    const next = queue.run(async () => "next");
    busy.finish();
    await first;
    await expect(next).resolves.toBe("next");
  });

  it("refuses at once when the expected wait (queue length x recent hold time) passes maxWaitMs", async () => {
    let clock = 0;
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueue: 100, maxWaitMs: 1_000 }, () => clock);
    // Teach it that a unit holds its slot for 400 ms.
    for (let i = 0; i < 30; i++) await queue.run(async () => void (clock += 400));
    const busy = deferred();
    const running = queue.run(busy.work);
    const waiting = [queue.run(async () => 1), queue.run(async () => 2)];
    // A third waiter would expect 3 x 400 ms > 1 s.
    expect(await outcomeAtOnce(queue.run(async () => 3))).toMatchObject(OVERLOADED);
    busy.finish();
    await running;
    await expect(Promise.all(waiting)).resolves.toEqual([1, 2]);
  });

  it("frees the slot when the work fails", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueue: 0, maxWaitMs: 1_000 });
    await expect(queue.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(queue.run(async () => "ok")).resolves.toBe("ok");
  });
});
