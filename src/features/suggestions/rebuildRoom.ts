import { getHeapStatistics } from "node:v8";

/** The JavaScript heap: bytes in use and the most it may grow to (--max-old-space-size). */
export interface HeapState {
  used: number;
  limit: number;
}

/** Share of the heap limit a rebuild may bring the heap to (the rest is for requests meanwhile and the collector). */
const CEILING = 0.85;

/**
 * How to rebuild the in-memory knowledge indexes now. A rebuild builds new indexes beside the current ones and swaps
 * them in, so for a while the heap holds both; the current ones are most of what the heap holds once the knowledge
 * base is large, so the heap in use approximates what a second copy needs. `beside` when both fit under the ceiling;
 * otherwise a rebuild for a change drops the current indexes first (`replace`: searches by RELEVANCE and spotting
 * terms in text find nothing until it is done, instead of the process running out of memory), and a periodic
 * rebuild with nothing changed is skipped (`skip`).
 */
export function rebuildPlan(heap: HeapState, changed: boolean): "beside" | "replace" | "skip" {
  if (heap.used * 2 <= heap.limit * CEILING) return "beside";
  return changed ? "replace" : "skip";
}

export function heapState(): HeapState {
  const stats = getHeapStatistics();
  return { used: stats.used_heap_size, limit: stats.heap_size_limit };
}
