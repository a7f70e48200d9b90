import pino from "pino";
import type { WarmState } from "../../src/app/readiness";
import { warmUntilDone, WarmUpFailure } from "../../src/app/warmUp";

const silent = pino({ level: "silent" });

describe("warming up before ready", () => {
  afterEach(() => jest.useRealTimers());

  it("tries again while Neo4j is unavailable or busy, and is warm once an attempt succeeds", async () => {
    jest.useFakeTimers();
    const state: WarmState = { warmed: false, detail: "starting" };
    const failures = [
      new WarmUpFailure(["KNOWLEDGE_GRAPH_UNAVAILABLE"]),
      new WarmUpFailure(["OVERLOADED"]),
      new TypeError("fetch failed"),
    ];
    const attempt = jest.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
    });
    const done = warmUntilDone(attempt, state, silent, new AbortController().signal);
    await jest.advanceTimersByTimeAsync(0);
    expect(state).toMatchObject({
      warmed: false,
      detail: expect.stringMatching(/KNOWLEDGE_GRAPH_UNAVAILABLE.*retrying/),
    });
    // Backoff 0.5 s, 1 s, 2 s between the four attempts.
    await jest.advanceTimersByTimeAsync(3_500);
    await expect(done).resolves.toBe(true);
    expect(attempt).toHaveBeenCalledTimes(4);
    expect(state).toEqual({ warmed: true, detail: "done" });
  });

  it("fails at once, not ready, when an operation answers with an error that waiting cannot fix", async () => {
    const state: WarmState = { warmed: false, detail: "starting" };
    const attempt = jest.fn(async () => {
      throw new WarmUpFailure(["BAD_USER_INPUT"]);
    });
    await expect(warmUntilDone(attempt, state, silent, new AbortController().signal)).rejects.toThrow(/BAD_USER_INPUT/);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(state.warmed).toBe(false);
  });

  it("stops trying when aborted (shutdown during startup)", async () => {
    const state: WarmState = { warmed: false, detail: "starting" };
    const controller = new AbortController();
    const attempt = jest.fn(async () => {
      controller.abort();
      throw new WarmUpFailure(["KNOWLEDGE_GRAPH_UNAVAILABLE"]);
    });
    await expect(warmUntilDone(attempt, state, silent, controller.signal)).resolves.toBe(false);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
