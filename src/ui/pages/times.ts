/**
 * One convention for times on every page (the console and the simulator's agent page): relative in the text
 * ("3 min ago"), the absolute time in UTC on hover ("2026-12-03 15:14:22 UTC"), as the logs write them.
 */

/** "2026-12-03 15:14:22 UTC"; empty without a readable time. */
export function absoluteTime(iso: string | null | undefined): string {
  const ms = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) return "";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "just now", "42 s ago", "3 min ago", "2 h ago", "yesterday", "5 days ago"; "in 3 s" for a time to come. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  const ms = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) return "";
  const seconds = Math.round((now - ms) / 1000);
  const ahead = seconds < 0;
  const s = Math.abs(seconds);
  const span =
    s < 60
      ? `${s} s`
      : s < 3_600
        ? `${Math.floor(s / 60)} min`
        : s < 86_400
          ? `${Math.floor(s / 3_600)} h`
          : `${Math.floor(s / 86_400)} day${Math.floor(s / 86_400) === 1 ? "" : "s"}`;
  if (ahead) return s < 2 ? "now" : `in ${span}`;
  if (s < 5) return "just now";
  if (s >= 86_400 && s < 2 * 86_400) return "yesterday";
  return `${span} ago`;
}
