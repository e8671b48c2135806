/**
 * The simulator's address plan, inside the benchmarking range 198.18.0.0/15 (RFC 2544 / RFC 6815)
 * like the rest of the repository's tests: node i (1-based) peers from 198.19.x.y (250 nodes per
 * /24, skipping .0 and .251-.255) and owns one /26 container block (Calico's default block size)
 * out of 198.18.0.0/16, which holds 1,024 of them. The demo's plan (node-agent `addressing.ts`)
 * stops at 127 nodes; this one reaches {@link MAX_SIM_NODES}.
 */

/** Nodes the plan can address (1,024 blocks of /26 in 198.18.0.0/16). */
export const MAX_SIM_NODES = 1024;

const NODES_PER_OCTET = 250;

/** IPv4 address node `i` (1-based) peers from. */
export function simNodeAddress(i: number): string {
  return `198.19.${Math.floor((i - 1) / NODES_PER_OCTET)}.${((i - 1) % NODES_PER_OCTET) + 1}`;
}

/** The /26 block node `i` (1-based) owns. */
export function simNodeBlock(i: number): string {
  return `198.18.${Math.floor((i - 1) / 4)}.${((i - 1) % 4) * 64}/26`;
}

/** The block's network address as a uint32 (how bgp-wire holds an IPv4 prefix). */
export function simBlockKey(i: number): number {
  return ((198 << 24) | (18 << 16) | (Math.floor((i - 1) / 4) << 8) | (((i - 1) % 4) * 64)) >>> 0;
}

/** Node `i`'s address as a uint32. */
export function simAddressKey(i: number): number {
  return (
    ((198 << 24) |
      (19 << 16) |
      (Math.floor((i - 1) / NODES_PER_OCTET) << 8) |
      (((i - 1) % NODES_PER_OCTET) + 1)) >>>
    0
  );
}
