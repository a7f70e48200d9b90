import { PRIORITY_RAMP, priorityClass, priorityStep } from "../../src/ui/pages/priority";
import { absoluteTime, relativeTime } from "../../src/ui/pages/times";
import { GAP_KIND, MATCHED_BY, PUSH_STATUS, wordFor } from "../../src/ui/pages/words";
import { checkPushForm, pushFieldError } from "../../src/ui/console/fields";

/** WCAG's contrast ratio of white text on `hex`. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

describe("the priority ramp", () => {
  it("gives each priority 0-10 its own colour, every one readable with white text (WCAG AA, 4.5:1)", () => {
    expect(PRIORITY_RAMP).toHaveLength(11);
    expect(new Set(PRIORITY_RAMP).size).toBe(11);
    for (const colour of PRIORITY_RAMP) expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(4.5);
  });

  it("places any value on it: rounded, and clamped to 0-10", () => {
    expect([priorityStep(9), priorityStep(8), priorityStep("7"), priorityStep(-3), priorityStep(42)]).toEqual([
      9, 8, 7, 0, 10,
    ]);
    expect(priorityStep(undefined)).toBe(0);
    expect(priorityClass(9)).not.toBe(priorityClass(8));
  });
});

describe("times, one convention on every page", () => {
  const now = Date.parse("2026-12-03T15:14:22Z");
  it("absolute: UTC, to the second", () => {
    expect(absoluteTime("2026-12-03T15:14:22.123Z")).toBe("2026-12-03 15:14:22 UTC");
    expect(absoluteTime("not a date")).toBe("");
  });

  it("relative: seconds, minutes, hours, yesterday, days; ahead says in", () => {
    const ago = (s: number) => relativeTime(new Date(now - s * 1000).toISOString(), now);
    expect([ago(2), ago(42), ago(185), ago(7_300), ago(90_000), ago(5 * 86_400)]).toEqual([
      "just now",
      "42 s ago",
      "3 min ago",
      "2 h ago",
      "yesterday",
      "5 days ago",
    ]);
    expect(relativeTime(new Date(now + 30_000).toISOString(), now)).toBe("in 30 s");
    expect(relativeTime(null, now)).toBe("");
  });
});

describe("enums in words", () => {
  it("every status, gap kind and match has a badge word and a sentence", () => {
    for (const table of [PUSH_STATUS, GAP_KIND, MATCHED_BY])
      for (const [value, entry] of Object.entries(table)) {
        expect(entry.badge).not.toMatch(/_/);
        expect(entry.says.length).toBeGreaterThan(10);
        expect(wordFor(table, value)).toBe(entry.badge);
      }
    expect(wordFor(PUSH_STATUS, "ALREADY_SHOWN")).toBe("Already shown");
    expect(wordFor(GAP_KIND, "FUZZY_ONLY")).toBe("Near matches only");
    expect(wordFor(PUSH_STATUS, "SOMETHING_NEW")).toBe("Something new");
  });
});

describe("the Push form's field errors, in its own words", () => {
  const form = { interaction: "INT-42", agent: "agent-7", from: "query" as const, query: "vpn", text: "", limit: "5" };
  it("accepts a good form and names each field at fault by the form's label", () => {
    expect(checkPushForm(form)).toEqual({});
    const errors = checkPushForm({ ...form, interaction: "bad id!", agent: " ", query: "", limit: "21" });
    expect(Object.keys(errors).sort()).toEqual(["agent", "interaction", "limit", "query"]);
    expect(errors.interaction).toMatch(/^Interaction: /);
    expect(errors.limit).toMatch(/^Cards: a number from 1 to 20/);
    expect(JSON.stringify(errors)).not.toMatch(/interactionId|agentId/);
    expect(checkPushForm({ ...form, from: "text", text: "" })).toEqual({
      text: expect.stringMatching(/^Customer's words/),
    });
  });

  it("puts the gateway's BAD_USER_INPUT on the form's field, not the API's name", () => {
    // As the console's ApiFailure carries the gateway's errors.
    const refusal = Object.assign(new Error("refused"), {
      errors: [
        { code: "BAD_USER_INPUT", message: "interactionId must be 1-64 characters", field: "input.interactionId" },
      ],
    });
    expect(pushFieldError(refusal)).toEqual({ interaction: expect.stringMatching(/^Interaction: /) });
    expect(pushFieldError({ errors: [{ code: "OVERLOADED", message: "busy" }] })).toBeUndefined();
    expect(pushFieldError(new Error("network"))).toBeUndefined();
  });
});
