/** The knowledge-base feature's public module: the JSON format, its import (with prune and dry run) and the diff. */
export { importKnowledgeBase, type ImportSummary } from "./importKnowledgeBase";
export { diffKnowledgeBase } from "./kbDiff";
export { parseKnowledgeBase, type KnowledgeBase } from "./kbFormat";
export { importKnowledgeBaseFile, readKnowledgeBaseFile, seedWhenEmpty } from "./loadKnowledgeBaseFile";
export { parseArticleExport, formatOf } from "./articleExport";
