import { type KernelRoute, MemoryBackend, parsePrefix } from "../../src/index.js";

/** A memory backend with one interface d0 (ifindex 3) on 198.18.0.0/24 and 2001:db8::/64. */
export function memoryWithLink(protocol = 200): MemoryBackend {
  return new MemoryBackend({
    protocol,
    links: [
      { ifindex: 1, name: "lo", up: true, loopback: true },
      { ifindex: 3, name: "d0", up: true, loopback: false },
    ],
    addresses: [
      { ifindex: 3, family: 4, address: "198.18.0.1", prefixLength: 24, scope: 0 },
      { ifindex: 3, family: 6, address: "2001:db8::1", prefixLength: 64, scope: 0 },
    ],
  });
}

/** `n` distinct /32 routes via 198.18.0.2 (or blackholes). */
export function routes(n: number, extra: Partial<KernelRoute> = {}): KernelRoute[] {
  return Array.from({ length: n }, (_, i) => ({
    prefix: parsePrefix(`198.19.${(i >> 8) & 255}.${i & 255}/32`),
    nexthops: [{ gateway: "198.18.0.2" }],
    ...extra,
  }));
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
