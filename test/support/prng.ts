/**
 * A small deterministic PRNG (mulberry32): the same seed gives the same
 * sequence of floats in [0, 1) on every run and machine, so generated text,
 * benchmarks and chaos runs replay exactly. Tests depend on these sequences:
 * do not change the algorithm.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
