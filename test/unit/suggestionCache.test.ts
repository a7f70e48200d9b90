import { SuggestionCache } from "../../src/features/suggestions/SuggestionCache";

function harness(options: { maxEntries?: number; maxBytes?: number; ttlMs?: number } = {}) {
  const state = { version: 1, now: 10_000, hits: 0, misses: 0, invalidations: [] as number[] };
  const cache = new SuggestionCache({
    maxEntries: options.maxEntries ?? 100,
    maxBytes: options.maxBytes ?? 1_000_000,
    ttlMs: options.ttlMs ?? 1_000,
    version: () => state.version,
    now: () => state.now,
    onLookup: (hit) => (hit ? state.hits++ : state.misses++),
    onInvalidated: (dropped) => state.invalidations.push(dropped),
  });
  return { cache, state };
}

const article = (url: string) => ({ url, title: `Title of ${url}`, summary: "s", priority: 5 });

describe("SuggestionCache", () => {
  it("answers a request stored at the current version, each caller with its own list", () => {
    const { cache, state } = harness();
    expect(cache.get("q:vpn", undefined)).toBeUndefined();
    cache.set("q:vpn", cache.current(), undefined, [article("a"), article("b")]);
    const first = cache.get("q:vpn", undefined);
    expect(first?.map((a) => a.url)).toEqual(["a", "b"]);
    first?.pop();
    expect(cache.get("q:vpn", undefined)?.map((a) => a.url)).toEqual(["a", "b"]);
    expect(state).toMatchObject({ hits: 2, misses: 1 });
  });

  it("never reuses an answer once the knowledge version moved, and says how many answers it dropped", () => {
    const { cache, state } = harness();
    cache.set("q:vpn", cache.current(), undefined, [article("a")]);
    cache.set("q:mail", cache.current(), undefined, [article("b")]);
    state.version = 2; // an import, another writer's change, a feedback answer here
    expect(cache.get("q:vpn", undefined)).toBeUndefined();
    expect(cache.get("q:mail", undefined)).toBeUndefined();
    expect(state.invalidations).toEqual([2]);
    expect(cache.size).toBe(0);
  });

  it("drops an answer read at a version that is no longer current (the write landed while it was read)", () => {
    const { cache, state } = harness();
    const readAt = cache.current();
    state.version = 2;
    cache.set("q:vpn", readAt, undefined, [article("old")]);
    expect(cache.get("q:vpn", undefined)).toBeUndefined();
  });

  it("counts the TTL from when the read began, not from when its answer came back", () => {
    const { cache, state } = harness({ ttlMs: 1_000 });
    const stamp = cache.current();
    state.now += 400; // the read took 400 ms
    cache.set("q:vpn", stamp, undefined, [article("a")]);
    state.now += 599;
    expect(cache.get("q:vpn", undefined)).toBeDefined();
    state.now += 2;
    expect(cache.get("q:vpn", undefined)).toBeUndefined();
  });

  it("reuses an answer for at most the TTL (edits in place that no count shows)", () => {
    const { cache, state } = harness({ ttlMs: 1_000 });
    cache.set("q:vpn", cache.current(), undefined, [article("a")]);
    state.now += 999;
    expect(cache.get("q:vpn", undefined)).toBeDefined();
    state.now += 2;
    expect(cache.get("q:vpn", undefined)).toBeUndefined();
  });

  it("answers a RELEVANCE request only while the relevance index it was ranked with is current", () => {
    const { cache } = harness();
    const before = {};
    cache.set("x:my phone is broken", cache.current(), before, [article("a")]);
    expect(cache.get("x:my phone is broken", before)).toBeDefined();
    expect(cache.get("x:my phone is broken", {})).toBeUndefined();
  });

  it("holds at most its entries and its bytes, the least recently used leaving first", () => {
    const { cache } = harness({ maxEntries: 2 });
    cache.set("one", cache.current(), undefined, [article("1")]);
    cache.set("two", cache.current(), undefined, [article("2")]);
    cache.get("one", undefined);
    cache.set("three", cache.current(), undefined, [article("3")]);
    expect(cache.get("two", undefined)).toBeUndefined();
    expect(cache.get("one", undefined)).toBeDefined();

    const small = harness({ maxBytes: 2_000 }).cache;
    const big = Array.from({ length: 5 }, (_, i) => ({ ...article(String(i)), summary: "x".repeat(100) }));
    for (let i = 0; i < 10; i++) small.set(`k${i}`, small.current(), undefined, big);
    expect(small.bytes).toBeLessThanOrEqual(2_000);
    expect(small.size).toBeGreaterThan(0);
    expect(small.size).toBeLessThan(10);
  });
});
