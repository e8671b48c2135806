/** Small builders shared by the RIB tests. */
import type { Ipv4Prefix, Ipv6Prefix, PathAttributes } from "@tsbgp/bgp-wire";
import { Rib, type RibInit } from "@tsbgp/rib";

/** Dotted quad to uint32. */
export function ip4(text: string): number {
  const p = text.split(".").map(Number);
  return (((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0) as number;
}

/** "10.0.0.0/8" to an IPv4 prefix. */
export function v4(text: string): Ipv4Prefix {
  const [a, l] = text.split("/");
  return { afi: 1, addr: ip4(a!), len: Number(l) };
}

/** "2001:db8::/32" (only the `x:y::/n` shape the tests use) to an IPv6 prefix. */
export function v6(text: string): Ipv6Prefix {
  const [a, l] = text.split("/");
  const [head] = a!.split("::");
  const addr = new Uint8Array(16);
  head!
    .split(":")
    .filter((g) => g.length > 0)
    .forEach((g, i) => {
      const n = Number.parseInt(g, 16);
      addr[i * 2] = n >> 8;
      addr[i * 2 + 1] = n & 0xff;
    });
  return { afi: 2, addr, len: Number(l) };
}

/** Attributes with an AS_SEQUENCE path and an IPv4 next hop. */
export function attrs(path: number[], nextHop: string, extra: Partial<PathAttributes> = {}): PathAttributes {
  return {
    origin: 0,
    asPath: path.length > 0 ? [{ type: 2, asns: path }] : [],
    nextHop: { afi: 1, addr: ip4(nextHop) },
    ...extra,
  };
}

/** A RIB for AS 65000, router ID 10.0.0.1, flushing only when told. */
export function makeRib(init: Partial<RibInit> = {}): Rib {
  return new Rib({ asn: 65000, routerId: ip4("10.0.0.1"), schedule: null, ...init });
}

/** A standard community `asn:value` as the uint32 the codec uses. */
export function comm(asn: number, value: number): number {
  return ((asn << 16) | value) >>> 0;
}
