/**
 * Priority 0-10 as a colour ramp shared by the console and the simulator's agent page: each step its own shade,
 * cool (grey to blue) for 0-4, warm (amber to red) for 5-10, every one with white text at a contrast of at least
 * 4.5:1 (WCAG AA).
 */
export const PRIORITY_RAMP = [
  "#5e6978",
  "#586a7e",
  "#516d85",
  "#4b728b",
  "#457892",
  "#8d6f3a",
  "#9b6936",
  "#a55d31",
  "#ab4b2b",
  "#b23624",
  "#b81e1e",
] as const;

/** The priority as a whole step of the ramp, 0-10. */
export function priorityStep(priority: unknown): number {
  const p = Math.round(Number(priority) || 0);
  return Math.min(10, Math.max(0, p));
}

/** The CSS class of a priority's colour: `p-0` to `p-10`. */
export function priorityClass(priority: unknown): string {
  return `p-${priorityStep(priority)}`;
}

/** The ramp's classes, for a page's stylesheet. */
export const PRIORITY_CSS = PRIORITY_RAMP.map((colour, p) => `.p-${p}{background:${colour};color:#fff}`).join("");

/** What the ramp's ends mean, for a legend. */
export const PRIORITY_LEGEND = "Priority: 0 lowest, 10 most urgent";
