/**
 * The route set every contender installs: `n` host routes inside 198.18.0.0/15 (RFC 2544
 * benchmarking space), skipping the connected 198.18.0.0/24, all via 198.18.0.2 on d0.
 */

/** Up to 130,816 distinct /32 destinations. */
export const MAX_ROUTES = (1 << 17) - 256;

/** Destination address of route `i`. */
export function benchDst(i: number): string {
  const v = (198 << 24) + (18 << 16) + 256 + i; // 198.18.1.0 + i
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Gateway of every bench route (on the namespace's d0 subnet). */
export const BENCH_GATEWAY = "198.18.0.2";
