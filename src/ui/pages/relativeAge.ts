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

/** Whether an ISO date is older than `days` (undated counts as stale). */
export function isStale(iso: string | null | undefined, days = STALE_AFTER_DAYS, now = Date.now()): boolean {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) || now - ms > days * 86_400_000;
}
