import { rebuildPlan } from "../../src/features/suggestions/rebuildRoom";

const MB = 2 ** 20;

describe("rebuilding the knowledge indexes within the heap", () => {
  it("builds beside the current indexes while the heap can hold both", () => {
    expect(rebuildPlan({ used: 200 * MB, limit: 1024 * MB }, true)).toBe("beside");
    expect(rebuildPlan({ used: 435 * MB, limit: 1024 * MB }, false)).toBe("beside");
  });

  it("when it cannot, drops the current ones first after a change, and skips a rebuild with nothing changed", () => {
    // 800 MB of indexes under a 1 GB cap: a second copy is what made the gateway run out of memory.
    expect(rebuildPlan({ used: 800 * MB, limit: 1024 * MB }, true)).toBe("replace");
    expect(rebuildPlan({ used: 800 * MB, limit: 1024 * MB }, false)).toBe("skip");
    expect(rebuildPlan({ used: 800 * MB, limit: 3072 * MB }, true)).toBe("beside");
  });
});
