export { priorityClass, relativeAge } from "../pages/relativeAge";

/** A time as the supervisor's clock shows it. */
export function clock(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

/** Push statuses in a supervisor's words. */
export const STATUS_WORDS: Record<string, string> = {
  PENDING: "Sending…",
  QUEUED: "CXone is not answering; the gateway keeps trying",
  DELIVERED: "Delivered to the agent's screen",
  NO_RESULTS: "No article found; nothing was sent",
  ALREADY_SHOWN: "The agent already has these articles; nothing was sent",
  EXPIRED: "Not delivered in time; the call has likely moved on",
  FAILED: "CXone refused the push",
  DRY_RUN: "Preview: nothing was sent",
};
