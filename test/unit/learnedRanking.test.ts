import { RANK_SCORE } from "../../src/features/suggestions/rankScore";
import { suggestArticlesStatement } from "../../src/features/suggestions/suggestStatement";
import { SUGGEST_FROM_TERMS } from "../../src/features/suggestions/termsStatement";
import { reasonOf } from "../../src/features/suggestions/explain";
import { feedbackAdjustment, MIN_FEEDBACK_ANSWERS, wilsonLowerBound } from "../../src/features/knowledge/wilson";

describe("the Wilson lower bound", () => {
  it("is 0 without answers or without a helpful one, and below the observed share otherwise", () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(0, 10)).toBeCloseTo(0, 12);
    expect(wilsonLowerBound(10, 10)).toBeCloseTo(0.7225, 3);
    expect(wilsonLowerBound(50, 100)).toBeCloseTo(0.4038, 3);
    for (const [h, n] of [
      [1, 5],
      [3, 7],
      [99, 100],
    ] as const)
      expect(wilsonLowerBound(h, n)).toBeLessThan(h / n);
  });

  it("grows with more evidence for the same share", () => {
    expect(wilsonLowerBound(8, 10)).toBeLessThan(wilsonLowerBound(80, 100));
  });

  it("moves LEARNED ranks only from 5 answers, by less than half the weight either way", () => {
    expect(MIN_FEEDBACK_ANSWERS).toBe(5);
    expect(feedbackAdjustment(4, 4)).toBeNull();
    for (const [h, n] of [
      [0, 5],
      [5, 5],
      [0, 10_000],
      [10_000, 10_000],
    ] as const) {
      const adjustment = feedbackAdjustment(h, n) as number;
      expect(adjustment).toBeGreaterThanOrEqual(-0.5);
      expect(adjustment).toBeLessThan(0.5);
    }
  });
});

describe("the ranking score", () => {
  it("is written the same way in the suggestArticles statement and the from-text statement", () => {
    expect(suggestArticlesStatement()).toContain(RANK_SCORE);
    expect(SUGGEST_FROM_TERMS).toContain(RANK_SCORE);
  });
});

describe("a suggestion's reason line", () => {
  it("names the term and the links of the path", () => {
    expect(
      reasonOf([
        { kind: "TERM", label: "voip gateway", relationship: null },
        { kind: "ARTICLE", label: "A", relationship: "RESOLVES" },
      ]),
    ).toBe('via "voip gateway" (resolves)');
    expect(
      reasonOf([
        { kind: "TERM", label: "vpn", relationship: null },
        { kind: "TERM", label: "vpn client", relationship: "SIMILAR_TO" },
        { kind: "ARTICLE", label: "A", relationship: "RELATED_TO" },
      ]),
    ).toBe('via "vpn" (similar to → related to)');
  });
});
