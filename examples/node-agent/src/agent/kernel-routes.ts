/**
 * RIB best-path changes → kernel routes for route-sync (the adapter between the two packages).
 * - our own blocks (locally originated) become `blackhole` routes, as Calico installs them;
 * - learned routes become unicast routes via their next hops, several next hops = ECMP;
 * - a withdraw removes the route.
 */
import { type IpAddress, formatIpv4, formatIpv6, formatPrefix, type Prefix } from "@tsbgp/bgp-wire";
import { type RouteChange, PeerKind } from "@tsbgp/rib";
import type { DesiredChange, KernelRoute, RoutePrefix } from "@tsbgp/route-sync";

/** Where the kernel routes go. */
export interface KernelTarget {
  /** Routing table. */
  readonly table: number;
}

/** Text of a wire address. */
export function addressText(a: IpAddress): string {
  return a.afi === 1 ? formatIpv4(a.addr) : formatIpv6(a.addr);
}

/** A wire prefix as route-sync's prefix. */
export function routePrefix(p: Prefix): RoutePrefix {
  const text = formatPrefix(p);
  const slash = text.indexOf("/");
  return { family: p.afi === 1 ? 4 : 6, address: text.slice(0, slash), length: p.len };
}

/** The kernel route for a change that has a best path. */
export function kernelRoute(change: RouteChange, target: KernelTarget): KernelRoute | null {
  const best = change.best;
  if (best === undefined) return null;
  const prefix = routePrefix(change.prefix);
  if (best.peer.kind === PeerKind.LOCAL) return { prefix, kind: "blackhole", table: target.table };
  const gateways = change.nextHops.filter((h) => h.afi === change.prefix.afi).map(addressText);
  if (gateways.length === 0) return null;
  return { prefix, table: target.table, nexthops: gateways.map((gateway) => ({ gateway })) };
}

/** Turn one batch of RIB changes into route-sync changes. */
export function desiredChanges(changes: readonly RouteChange[], target: KernelTarget): DesiredChange[] {
  const out: DesiredChange[] = [];
  for (const c of changes) {
    const route = kernelRoute(c, target);
    if (route !== null) out.push({ op: "replace", route });
    else {
      // route-sync validates removals like additions, and a unicast route needs a next hop. A
      // removal is matched by (table, prefix, metric) only, so the kind given does not matter.
      // ADAPTER: drop `kind` once route-sync accepts a bare prefix for `remove`.
      out.push({
        op: "remove",
        route: { prefix: routePrefix(c.prefix), kind: "blackhole", table: target.table },
      });
    }
  }
  return out;
}
