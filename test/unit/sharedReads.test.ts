import { SharedReads } from "../../src/features/suggestions/sharedReads";

describe("SharedReads", () => {
  it("a key under way is joined; the owner's answer reaches the joiner; once settled the key is free again", async () => {
    const reads = new SharedReads<string[]>();
    const owner = reads.claim(["a", undefined, "b"]);
    expect(owner.own).toEqual([0, 2]);
    const joiner = reads.claim(["b", "c"]);
    expect([...joiner.joined.keys()]).toEqual([0]);
    expect(joiner.own).toEqual([1]);
    owner.settle(
      new Map([
        [0, ["x"]],
        [2, ["y"]],
      ]),
    );
    expect(await joiner.joined.get(0)).toEqual(["y"]);
    joiner.settle(new Map([[1, []]]));
    expect(reads.size).toBe(0);
    expect(reads.claim(["b"]).own).toEqual([0]);
  });

  it("a failed read fails its joiners with the same error, and one nobody joined raises no unhandled rejection", async () => {
    const reads = new SharedReads<string[]>();
    const owner = reads.claim(["a", "b"]);
    const joiner = reads.claim(["a"]);
    const failure = new Error("Neo4j is down");
    owner.settle(failure);
    await expect(joiner.joined.get(0)).rejects.toBe(failure);
    owner.settle(new Map()); // twice is once
    expect(reads.size).toBe(0);
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection of "b" would fail the test run
  });
});
