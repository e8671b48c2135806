/**
 * Demo cluster address plan. Everything lives in the documentation/benchmark ranges the tests may
 * use: the node segment is 198.19.<n>.0/24 (testkit's segment), container blocks come from
 * 198.18.128.0/17 (one /26 per node, like Calico's default block size) and 2001:db8:c0::/48 (one
 * /122 per node, Calico's IPv6 block size).
 */

/** Most nodes the plan supports (node index 1..127 → 198.18.129.0 … 198.18.255.0). */
export const MAX_NODES = 127;

/** Calico's link-local gateway every container routes through (answered by proxy ARP). */
export const CONTAINER_GATEWAY_V4 = "169.254.1.1";

/** Calico sets every `cali` interface's MAC to this, so its IPv6 link-local is fixed too. */
export const CALI_MAC = "ee:ee:ee:ee:ee:ee";

/** EUI-64 link-local address of {@link CALI_MAC}: the containers' IPv6 default gateway. */
export const CONTAINER_GATEWAY_V6 = "fe80::ecee:eeff:feee:eeee";

/** The IPv4 /26 block owned by node `index` (1-based). */
export function nodeBlockV4(index: number): string {
  return `198.18.${128 + index}.0/26`;
}

/** The IPv6 /122 block owned by node `index` (1-based). */
export function nodeBlockV6(index: number): string {
  return `2001:db8:c0:${index.toString(16)}::/122`;
}

/** IPv4 address of container `c` (0-based) on node `index`: .2, .3, … (.0 is the network, .1 spare). */
export function containerV4(index: number, c: number): string {
  return `198.18.${128 + index}.${c + 2}`;
}

/** IPv6 address of container `c` (0-based) on node `index`. */
export function containerV6(index: number, c: number): string {
  return `2001:db8:c0:${index.toString(16)}::${(c + 2).toString(16)}`;
}
