/** mulberry32: a small seeded PRNG, so every run generates the same scenarios. */
export type Rng = () => number;

/** A generator of floats in [0, 1) from `seed`. */
export function prng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function pick(rnd: Rng, n: number): number {
  return Math.floor(rnd() * n);
}

/** A random element of `items` (which must not be empty). */
export function choose<T>(rnd: Rng, items: readonly T[]): T {
  return items[pick(rnd, items.length)] as T;
}
