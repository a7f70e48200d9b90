import { PushRateGate } from "../../src/cxone/PushRateGate";

function gate(perSecond: number, burst: number) {
  let clock = 0;
  const waits: number[] = [];
  const g = new PushRateGate(perSecond, burst, () => clock, async (ms) => {
    waits.push(ms);
  });
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
    await expect(g.acquire(500)).rejects.toMatchObject({ code: "CXONE_RATE_LIMITED", extensions: { retryAfterSeconds: 1 } });
    expect(await g.acquire(1_000)).toBe(1_000);
  });
});
