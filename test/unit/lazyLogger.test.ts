import pino from "pino";
import { Writable } from "node:stream";
import { lazyChild } from "../../src/logging/lazyLogger";

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, destination), lines };
}

describe("lazyChild", () => {
  it("makes the child only when it is first used, and logs with its bindings", () => {
    const { logger, lines } = capture("info");
    const parent = jest.fn(() => logger);
    const lazy = lazyChild(parent, { requestId: "r-1" }, logger);

    expect(lazy.isLevelEnabled("info")).toBe(true);
    expect(lazy.isLevelEnabled("debug")).toBe(false);
    expect(parent).not.toHaveBeenCalled();

    lazy.info({ outcome: "ok" }, "done");
    lazy.warn("again");
    expect(parent).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ requestId: "r-1", outcome: "ok", msg: "done" }),
      expect.objectContaining({ requestId: "r-1", msg: "again" }),
    ]);
  });

  it("can be the parent of another lazy child", () => {
    const { logger, lines } = capture("info");
    const request = lazyChild(() => logger, { requestId: "r-2" }, logger);
    const push = lazyChild(() => request, { interactionId: "i-9" }, request);

    push.info("delivered");
    expect(lines).toEqual([expect.objectContaining({ requestId: "r-2", interactionId: "i-9", msg: "delivered" })]);
  });
});
