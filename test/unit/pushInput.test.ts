import { validatePushInput } from "../../src/features/push/pushInput";

const base = { interactionId: "INT-1", agentId: "a1" };
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
  return undefined;
};

describe("a push's search: a query or what the customer said", () => {
  it("takes a query, or a text of up to 2,000 characters, with a rank mode (PRIORITY by default)", () => {
    expect(validatePushInput({ ...base, query: "voip" }, "content")).toMatchObject({
      source: "query",
      query: "voip",
      rank: "PRIORITY",
      limit: 5,
    });
    const said = `my voip gateway ${"is broken ".repeat(150)}`.slice(0, 2_000);
    expect(validatePushInput({ ...base, text: said, rank: "LEARNED", limit: 3 }, "content")).toMatchObject({
      source: "text",
      query: said,
      rank: "LEARNED",
      limit: 3,
    });
  });

  it("refuses both or neither, blank or over-long text and unknown rank modes, naming the batch item's field", () => {
    expect(fieldOf(() => validatePushInput({ ...base, query: "a", text: "b" }, "content"))).toEqual({
      code: "BAD_USER_INPUT",
      field: "query",
    });
    expect(fieldOf(() => validatePushInput({ ...base }, "content", "inputs[2]."))).toEqual({
      code: "BAD_USER_INPUT",
      field: "inputs[2].query",
    });
    expect(fieldOf(() => validatePushInput({ ...base, text: "   " }, "content"))).toEqual({
      code: "BAD_USER_INPUT",
      field: "text",
    });
    expect(fieldOf(() => validatePushInput({ ...base, text: "x".repeat(2_001) }, "content", "inputs[0]."))).toEqual({
      code: "BAD_USER_INPUT",
      field: "inputs[0].text",
    });
    expect(fieldOf(() => validatePushInput({ ...base, query: "x", rank: "RANDOM" as never }, "content"))).toEqual({
      code: "BAD_USER_INPUT",
      field: "rank",
    });
  });
});
