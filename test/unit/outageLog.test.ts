import { Writable } from "node:stream";
import pino from "pino";
import { OutageLog } from "../../src/platform/observability/outageLog";

function setup(intervalMs = 10_000) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()),
    }),
  );
  let clock = 1_000_000;
  // Scheduled settles run when the fake clock passes their time.
  let timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const schedule = (fn: () => void, ms: number) => {
    const timer = { at: clock + ms, fn, cancelled: false };
    timers.push(timer);
    return () => void (timer.cancelled = true);
  };
  const log = new OutageLog(logger, intervalMs, () => clock, SETTLE_MS, schedule);
  const advance = (ms: number) => {
    clock += ms;
    const due = timers.filter((t) => t.at <= clock);
    timers = timers.filter((t) => t.at > clock);
    for (const t of due) if (!t.cancelled) t.fn();
  };
  return { lines, log, advance };
}

const SETTLE_MS = 5_000;

describe("OutageLog", () => {
  it("ends a Neo4j outage and an overload when Neo4j answers a request again", () => {
    const { lines, log, advance } = setup();
    log.failure("neo4j");
    log.failure("capacity");
    log.failure("cxone");
    log.graphAnswered();
    advance(SETTLE_MS);
    expect(lines.map((l) => l.msg).slice(3)).toEqual(["neo4j available again", "capacity available again"]);
    expect(log.isDown("cxone")).toBe(true);
  });

  it("logs an outage once when it starts, with the first cause and request id", () => {
    const { lines, log } = setup();
    for (let i = 0; i < 1_000; i++) log.failure("neo4j", { err: new Error("refused"), requestId: `r${i}` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      dependency: "neo4j",
      requestId: "r0",
      msg: "neo4j unavailable: requests are failing",
    });
  });

  it("logs a count of failures at most once per interval while the outage lasts", () => {
    const { lines, log, advance } = setup(10_000);
    log.failure("neo4j");
    for (let second = 1; second <= 30; second++) {
      advance(1_000);
      for (let i = 0; i < 50; i++) log.failure("neo4j");
    }
    expect(lines.map((l) => l.msg)).toEqual([
      "neo4j unavailable: requests are failing",
      "neo4j still unavailable",
      "neo4j still unavailable",
      "neo4j still unavailable",
    ]);
    // The count is reported with the first failure at or past each interval: 9 s x 50 + 1, then 49 + 9 s x 50 + 1.
    expect(lines[1]).toMatchObject({ failures: 451, outageMs: 10_000 });
    expect(lines[3]).toMatchObject({ failures: 500, totalFailures: 1_452, outageMs: 30_000 });
  });

  it("logs once when the dependency answers again, and nothing for successes outside an outage", () => {
    const { lines, log, advance } = setup();
    log.success("neo4j");
    log.failure("cxone");
    advance(2_500);
    log.failure("cxone");
    log.success("neo4j");
    log.success("cxone");
    log.success("cxone");
    advance(SETTLE_MS);
    expect(lines.map((l) => l.msg)).toEqual(["cxone unavailable: requests are failing", "cxone available again"]);
    expect(lines[1]).toMatchObject({ level: 30, totalFailures: 2, outageMs: 2_500 });
    expect(log.isDown("cxone")).toBe(false);
  });

  it("ends an outage only after the dependency answered for the settle time with no failure: a flapping recovery is one outage", () => {
    const { lines, log, advance } = setup();
    log.failure("neo4j");
    // 14 s of a Neo4j coming back unsteadily: an answer, then a failure, every second.
    for (let second = 0; second < 14; second++) {
      log.graphAnswered();
      advance(500);
      log.failure("neo4j");
      advance(500);
    }
    expect(lines.map((l) => l.msg)).toEqual(["neo4j unavailable: requests are failing", "neo4j still unavailable"]);
    expect(log.isDown("neo4j")).toBe(true);
    // Then it answers and keeps answering: one line, once it has settled, timed from the first good answer.
    log.graphAnswered();
    advance(SETTLE_MS - 1);
    expect(lines.at(-1)?.msg).toBe("neo4j still unavailable");
    log.graphAnswered();
    advance(1);
    expect(lines.map((l) => String(l.msg)).filter((m) => m.endsWith("available again"))).toEqual([
      "neo4j available again",
    ]);
    expect(lines.at(-1)).toMatchObject({ outageMs: 14_000, totalFailures: 15 });
    expect(log.isDown("neo4j")).toBe(false);
  });
});
