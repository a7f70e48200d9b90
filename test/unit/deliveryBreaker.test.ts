import { DeliveryBreaker } from "../../src/integrations/cxone/deliveryBreaker";
import { ErrorCode } from "../../src/platform/errors/codes";
import { GatewayError } from "../../src/platform/errors/GatewayError";

const unavailable = () =>
  Promise.reject(new GatewayError(ErrorCode.CXONE_UNAVAILABLE, "CXone is unavailable (HTTP 503)"));
const notFound = () => Promise.reject(new GatewayError(ErrorCode.INTERACTION_NOT_FOUND, "ended"));
const ok = () => Promise.resolve("delivered");

describe("DeliveryBreaker", () => {
  let breaker: DeliveryBreaker;
  const events: string[] = [];
  beforeEach(() => {
    jest.useFakeTimers();
    events.length = 0;
    breaker = new DeliveryBreaker(
      { errorPercent: 50, minPushes: 4, resetMs: 5_000 },
      { onOpen: () => events.push("open"), onClose: () => events.push("close"), onReject: () => events.push("reject") },
    );
  });
  afterEach(() => {
    breaker.shutdown();
    jest.useRealTimers();
  });

  it("opens after enough CXone-side failures and then fails fast without calling CXone", async () => {
    for (let i = 0; i < 4; i++)
      await expect(breaker.run(unavailable)).rejects.toMatchObject({ code: "CXONE_UNAVAILABLE" });
    expect(breaker.open).toBe(true);
    const work = jest.fn(ok);
    await expect(breaker.run(work)).rejects.toMatchObject({
      code: "CXONE_UNAVAILABLE",
      extensions: { circuitOpen: true, retryAfterSeconds: 5 },
    });
    expect(work).not.toHaveBeenCalled();
    expect(events).toEqual(["open", "reject"]);
  });

  it("does not count refusals of one push (404, 401, 403) as CXone failing", async () => {
    for (let i = 0; i < 10; i++)
      await expect(breaker.run(notFound)).rejects.toMatchObject({ code: "INTERACTION_NOT_FOUND" });
    expect(breaker.open).toBe(false);
  });

  it("half-opens after resetMs: one probe goes through, and its success closes the breaker", async () => {
    for (let i = 0; i < 4; i++) await breaker.run(unavailable).catch(() => undefined);
    jest.advanceTimersByTime(5_001);
    let finishProbe!: (value: string) => void;
    const probe = breaker.run(() => new Promise<string>((resolve) => (finishProbe = resolve)));
    // While the probe is out, others still fail fast.
    await expect(breaker.run(ok)).rejects.toMatchObject({ extensions: { circuitOpen: true } });
    finishProbe("delivered");
    await expect(probe).resolves.toBe("delivered");
    expect(breaker.open).toBe(false);
    await expect(breaker.run(ok)).resolves.toBe("delivered");
    expect(events).toEqual(["open", "reject", "close"]);
  });

  it("reopens when the probe fails", async () => {
    for (let i = 0; i < 4; i++) await breaker.run(unavailable).catch(() => undefined);
    jest.advanceTimersByTime(5_001);
    await expect(breaker.run(unavailable)).rejects.toMatchObject({ code: "CXONE_UNAVAILABLE" });
    expect(breaker.open).toBe(true);
    expect(events).toEqual(["open", "open"]);
  });
});
