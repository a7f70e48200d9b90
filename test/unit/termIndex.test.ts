import { TermIndex } from "../../src/features/suggestions/TermIndex";
import { validateText, wordsOf } from "../../src/features/suggestions/termText";
import { gapText } from "../../src/features/suggestions/searchText";

const keywordsOf = (index: TermIndex, text: string) => index.spot(text).map((t) => t.keyword);

describe("spotting known search terms in what the customer said", () => {
  const index = new TermIndex([
    "voip gateway",
    "voip gateway password",
    "password",
    "gateway",
    "wi-fi",
    "café wifi",
    "reset",
    "account locked",
  ]);

  it("finds the terms in an utterance, longest first where they overlap, in the order said", () => {
    expect(keywordsOf(index, "hi, my voip gateway stopped working and I need a password reset")).toEqual([
      "voip gateway",
      "password",
      "reset",
    ]);
    // The longer term wins over the words it contains: neither `gateway` nor `password` alone.
    expect(keywordsOf(index, "VOIP Gateway Password!!")).toEqual(["voip gateway password"]);
  });

  it("ignores case, punctuation and Unicode form, and matches any script", () => {
    expect(keywordsOf(index, "My WI-FI drops; also the Wi Fi at the cafe\u0301 wifi")).toEqual(["wi-fi", "café wifi"]);
    expect(keywordsOf(index, "ＰＡＳＳＷＯＲＤ")).toEqual(["password"]); // full-width letters (NFKC)
  });

  it("names each term once however often it is said, and never matches inside a word", () => {
    expect(keywordsOf(index, "password password passwords resetting")).toEqual(["password"]);
  });

  it("finds nothing in text without a known term, or without words", () => {
    expect(index.spot("nothing to see here")).toEqual([]);
    expect(index.spot("!!! ??? 😀")).toEqual([]);
  });

  it("reports where each term starts, in words", () => {
    expect(index.spot("reset my account locked please")).toEqual([
      { keyword: "reset", position: 0 },
      { keyword: "account locked", position: 2 },
    ]);
  });

  it("tells whether the traversal would match a query to a term exactly (case and spaces aside)", () => {
    expect(index.matchesExactly("  Voip   GATEWAY ")).toBe(true);
    expect(index.matchesExactly("voip-gateway")).toBe(false);
    expect(index.size).toBe(8);
  });

  it("keeps every keyword that has the same words", () => {
    const twins = new TermIndex(["wi-fi", "wi fi"]);
    expect(keywordsOf(twins, "my wi fi")).toEqual(["wi-fi", "wi fi"]);
  });
});

describe("text rules", () => {
  it("splits words on anything but letters, marks and digits", () => {
    expect(wordsOf("Ünïcode—test 42x, ok?")).toEqual(["ünïcode", "test", "42x", "ok"]);
  });

  it("normalises a gap's text and caps it at 256 characters", () => {
    expect(gapText("  Voip   GATEWAY\n")).toBe("voip gateway");
    expect(Array.from(gapText("é".repeat(400)))).toHaveLength(256);
  });

  it("refuses empty, blank and over-long text with the field named", () => {
    expect(() => validateText("   ")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "text" }) }),
    );
    expect(() => validateText("x".repeat(2_001), "inputs[0].text")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: "inputs[0].text" }) }),
    );
    expect(validateText("x".repeat(2_000))).toHaveLength(2_000);
  });
});
