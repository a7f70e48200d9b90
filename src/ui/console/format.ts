export { relativeAge } from "../pages/relativeAge";
export { PRIORITY_LEGEND, PRIORITY_RAMP, priorityStep } from "../pages/priority";
export { absoluteTime, relativeTime } from "../pages/times";
export { GAP_KIND, MATCHED_BY, PUSH_STATUS, wordFor, type Tone } from "../pages/words";
