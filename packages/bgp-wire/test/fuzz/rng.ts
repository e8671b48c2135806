/**
 * The fuzzer's random numbers: one small generator per case, seeded from (run seed, case
 * index), so any case can be rebuilt alone (a hang found in case 91,234 is replayed without
 * running the 91,233 before it).
 */

/** A deterministic source of integers in `[0, n)`. */
export type Rand = (n: number) => number;

/** splitmix32-style mixing: spreads nearby (seed, index) pairs over the whole state space. */
function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The generator of case `index` of a run seeded with `seed` (xorshift32 over a mixed state). */
export function caseRand(seed: number, index: number): Rand {
  let state = mix(mix(seed >>> 0) ^ index) || 1;
  return (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return n <= 1 ? 0 : state % n;
  };
}
