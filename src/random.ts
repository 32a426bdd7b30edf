import type { Random } from './core/index.js';

/** Production randomness. */
export const mathRandom: Random = { next: () => Math.random() };

/** A small seeded generator (mulberry32) for repeatable playground runs and tests. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
