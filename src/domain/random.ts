/**
 * Small seeded pseudo-random generator (mulberry32): the same seed gives the same numbers on
 * every device and every run, for the planner's restarts, the benchmarks' data and the tests.
 * Not for anything secret: use crypto.getRandomValues there.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
