/** Days after which an article counts as stale where the page cannot ask the gateway (KB_STALE_AFTER_DAYS' default). */
export const STALE_AFTER_DAYS = 365;

/** "updated 3 days ago", "updated today"; null without a readable date. Used by the console and the agent page. */
export function relativeAge(iso: string | null | undefined, now = Date.now()): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const days = Math.floor((now - ms) / 86_400_000);
  if (days <= 0) return "updated today";
  if (days === 1) return "updated yesterday";
  if (days < 60) return `updated ${days} days ago`;
  if (days < 730) return `updated ${Math.floor(days / 30)} months ago`;
  return `updated ${Math.floor(days / 365)} years ago`;
}

/**
 * Priority 0-10 as one of four colour steps, shared by the console and the agent view: 8-10 red, 5-7 amber, 3-4
 * blue, 0-2 grey (each with white text at a contrast of at least 4.5:1).
 */
export function priorityClass(priority: unknown): "p-top" | "p-high" | "p-mid" | "p-low" {
  const p = Number(priority) || 0;
  if (p >= 8) return "p-top";
  if (p >= 5) return "p-high";
  if (p >= 3) return "p-mid";
  return "p-low";
}

/** The colours of those steps. */
export const PRIORITY_CSS =
  ".p-top{background:#a3261b}.p-high{background:#8a4b00}.p-mid{background:#2f5d8a}.p-low{background:#5b6670}";

/** Whether an ISO date is older than `days` (undated counts as stale). */
export function isStale(iso: string | null | undefined, days = STALE_AFTER_DAYS, now = Date.now()): boolean {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) || now - ms > days * 86_400_000;
}
