/**
 * Node flags the gateway process runs with, everywhere: `npm start`, the Dockerfile's CMD and the benchmark
 * (test/unit/nodeFlags.test.ts keeps the three in step).
 *
 * `--max-old-space-size=1024`: V8 sizes its garbage-collection triggers from the heap limit. With the default
 * limit derived from the machine's memory (about 4 GB on 24 GB), garbage piled up to some 140 MB of old space
 * under load before a full collection, for a live set of about 50 MB. With 128 MB to 1 GB, old space stays under
 * 50 MB at the same CPU per request; limits of 512 MB and below showed a worse p99 (more frequent full
 * collections), so 1 GB: low RSS, and twenty times the live set as headroom (BENCHMARKS.md, entry 9).
 *
 * `--max-semi-space-size=32`: a young generation twice V8's default. Almost everything a request allocates dies
 * young; with more room, fewer scavenges run and fewer short-lived objects are promoted. Side by side under load:
 * 10% less CPU per suggestion and 19% less per push, for 18 MB more peak RSS (182 MB); 64 MB cost 76 MB more
 * RSS for no further gain (BENCHMARKS.md, entry 12).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ["--max-old-space-size=1024", "--max-semi-space-size=32"];
