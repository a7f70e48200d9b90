import { PushRateGate } from "../../src/integrations/cxone/PushRateGate";

function gate(perSecond: number, burst: number) {
  let clock = 0;
  const waits: number[] = [];
  const g = new PushRateGate(
    perSecond,
    burst,
    () => clock,
    async (ms) => {
      waits.push(ms);
    },
  );
  return { g, waits, advance: (ms: number) => (clock += ms) };
}

describe("PushRateGate", () => {
  it("lets a burst through without waiting, then spaces pushes at the rate", async () => {
    const { g } = gate(10, 3);
    expect(await g.acquire(1_000)).toBe(0);
    expect(await g.acquire(1_000)).toBe(0);
    expect(await g.acquire(1_000)).toBe(0);
    expect(await g.acquire(1_000)).toBe(100);
    expect(await g.acquire(1_000)).toBe(200);
  });

  it("refills as time passes", async () => {
    const { g, advance } = gate(10, 1);
    await g.acquire(1_000);
    advance(100);
    expect(await g.acquire(1_000)).toBe(0);
  });

  it("refuses with CXONE_RATE_LIMITED, without taking a slot, when the wait exceeds what the caller allows", async () => {
    const { g } = gate(1, 1);
    await g.acquire(0);
    await expect(g.acquire(500)).rejects.toMatchObject({
      code: "CXONE_RATE_LIMITED",
      extensions: { retryAfterSeconds: 1 },
    });
    expect(await g.acquire(1_000)).toBe(1_000);
  });
});

describe("PushRateGate.reserve (retries take slots too)", () => {
  it("books a retry's slot no earlier than its backoff and no earlier than the rate allows", () => {
    const { g } = gate(10, 1);
    expect(g.reserve(1_000)).toBe(0);
    // Backoff 50 ms, but the next slot is 100 ms away: the retry waits 100 ms.
    expect(g.reserve(1_000, 50)).toBe(100);
    // Backoff 500 ms, well after the next free slot: the backoff decides.
    expect(g.reserve(1_000, 500)).toBe(500);
    // And the slot after that is one interval later.
    expect(g.reserve(1_000)).toBe(600);
  });

  it("books nothing when the slot would come after what the deadline leaves", () => {
    const { g } = gate(1, 1);
    expect(g.reserve(0)).toBe(0);
    expect(g.reserve(500, 100)).toBeUndefined();
    expect(g.reserve(1_000)).toBe(1_000);
  });

  it("keeps first attempts and retries together under the rate: 60 requests at 20 a second span about 3 s", () => {
    const { g } = gate(20, 10);
    const waits: number[] = [];
    for (let i = 0; i < 60; i++)
      waits.push(i % 3 === 0 ? (g.reserve(60_000) as number) : (g.reserve(60_000, 10) as number));
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(2_500 - 10);
  });
});
