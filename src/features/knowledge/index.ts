/** The knowledge feature's public module: what other features and the composition root may use. */
export type { KnowledgeContext } from "./context";
export { knowledgeFeature } from "./feature";
export { GapRecorder } from "./GapRecorder";
export { readGapReport, type GapFilter, type GapView } from "./gapReport";
export { KnowledgeLoop } from "./KnowledgeLoop";
export { knowledgeRequestScope, type KnowledgeRequestScope } from "./requestScope";
