import pino from "pino";
import { Writable } from "node:stream";
import { lazyChild } from "../../src/platform/observability/lazyLogger";

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
  it("makes the child only when something is logged, and logs with its bindings", () => {
    const { logger, lines } = capture("info");
    const child = jest.spyOn(logger, "child");
    const lazy = lazyChild(logger, { requestId: "r-1" });

    expect(lazy.isLevelEnabled("info")).toBe(true);
    expect(lazy.isLevelEnabled("debug")).toBe(false);
    lazy.debug("below the level");
    expect(child).not.toHaveBeenCalled();

    lazy.info({ outcome: "ok" }, "done");
    lazy.warn("again");
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ requestId: "r-1", outcome: "ok", msg: "done" }),
      expect.objectContaining({ requestId: "r-1", msg: "again" }),
    ]);
  });

  it("can be the parent of another lazy child, which makes neither until it logs", () => {
    const { logger, lines } = capture("info");
    const child = jest.spyOn(logger, "child");
    const request = lazyChild(logger, { requestId: "r-2" });
    const push = lazyChild(request, { interactionId: "i-9" });

    push.debug("nothing");
    expect(child).not.toHaveBeenCalled();
    push.info("delivered");
    expect(lines).toEqual([expect.objectContaining({ requestId: "r-2", interactionId: "i-9", msg: "delivered" })]);
  });
});
