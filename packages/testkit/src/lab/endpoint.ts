import type { Host } from "./host.js";

/** One end of a link: an interface in a lab host with its addresses. */
export interface Endpoint {
  /** The host (namespace) that holds the interface. */
  readonly host: Host;
  /** Interface name inside that namespace, e.g. `eth0`. */
  readonly ifname: string;
  /** IPv4 address without length (`198.18.1.1`), if one was assigned. */
  readonly v4?: string;
  /** IPv4 address with length (`198.18.1.1/24`). */
  readonly v4Cidr?: string;
  /** IPv6 address without length (`2001:db8:1::1`). */
  readonly v6?: string;
  /** IPv6 address with length (`2001:db8:1::1/64`). */
  readonly v6Cidr?: string;
}

/** A point-to-point veth link between two hosts. */
export interface Link {
  readonly a: Endpoint;
  readonly b: Endpoint;
}

/** A shared L2 segment: a bridge in its own namespace with one port per member host. */
export interface Segment {
  /** Namespace that holds the bridge `br0`. */
  readonly bridgeNetns: string;
  /** Members in the order given, each with its interface and addresses. */
  readonly members: readonly Endpoint[];
  /** The endpoint of `host` on this segment. */
  endpoint(host: Host): Endpoint;
}

/** Strip the `/len` of an address in CIDR notation. */
export function bareAddress(cidr: string): string {
  const slash = cidr.indexOf("/");
  return slash < 0 ? cidr : cidr.slice(0, slash);
}

/** Build an endpoint, keeping only the address fields that are present. */
export function makeEndpoint(
  host: Host,
  ifname: string,
  v4Cidr: string | undefined,
  v6Cidr: string | undefined,
): Endpoint {
  return {
    host,
    ifname,
    ...(v4Cidr === undefined ? {} : { v4: bareAddress(v4Cidr), v4Cidr }),
    ...(v6Cidr === undefined ? {} : { v6: bareAddress(v6Cidr), v6Cidr }),
  };
}
