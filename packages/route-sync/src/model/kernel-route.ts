/**
 * The kernel route model of route-sync: what one entry of a Linux FIB holds, as plain readonly data.
 * @module
 */
import type { RouteSyncError } from "../errors.js";
import type { IpFamily } from "./ip.js";

/** Route kinds we program (`rtm_type`): forwarding or one of the three reject kinds. */
export const RouteKind = {
  UNICAST: "unicast",
  BLACKHOLE: "blackhole",
  UNREACHABLE: "unreachable",
  PROHIBIT: "prohibit",
} as const;
/** One of {@link RouteKind}'s values. */
export type RouteKind = (typeof RouteKind)[keyof typeof RouteKind];

/** A destination prefix. `address` is canonical text with host bits zero. */
export interface RoutePrefix {
  readonly family: IpFamily;
  readonly address: string;
  readonly length: number;
}

/** One next hop. At least one of `gateway` and `dev`/`ifindex` is set on a unicast route. */
export interface Nexthop {
  /** Gateway address, same family as the prefix. */
  readonly gateway?: string;
  /** Output device name (resolved to an ifindex by the backend). */
  readonly dev?: string;
  /** Output device index; wins over `dev` when both are set. */
  readonly ifindex?: number;
  /** ECMP weight 1..256 (RTA_MULTIPATH `rtnh_hops + 1`); only meaningful with several next hops. */
  readonly weight?: number;
  /** Gateway is reachable on `dev` although no connected subnet covers it (RTNH_F_ONLINK). */
  readonly onlink?: boolean;
}

/** A kernel route: the identity is (table, prefix, metric); the rest is what it does. */
export interface KernelRoute {
  readonly prefix: RoutePrefix;
  /** Default `unicast`. */
  readonly kind?: RouteKind;
  /** Empty for blackhole/unreachable/prohibit; several = ECMP. */
  readonly nexthops?: readonly Nexthop[];
  /** Routing table id; default 254 (main). */
  readonly table?: number;
  /** `RTA_PRIORITY`; default 0 for IPv4 and 1024 for IPv6 (what the kernel stores for 0). */
  readonly metric?: number;
  /** `rtm_protocol` marking the owner; default is the sync's own protocol. */
  readonly protocol?: number;
  /** Preferred source address (`RTA_PREFSRC`), e.g. the node's own address. */
  readonly prefsrc?: string;
}

/** A {@link KernelRoute} with every default filled in: what is compared and sent. */
export interface NormalizedRoute extends KernelRoute {
  readonly kind: RouteKind;
  readonly nexthops: readonly Nexthop[];
  readonly table: number;
  readonly metric: number;
  readonly protocol: number;
  /**
   * Id of the kernel nexthop object the route forwards through (`RTA_NH_ID`), as read from the
   * kernel. Informational: ignored on input and when comparing routes; `nexthops` always
   * describes where the route goes.
   */
  readonly nexthopId?: number;
}

/**
 * A change to apply: add (fails if present), replace (add or overwrite) or remove (matched by
 * table, prefix, metric and protocol: kind and next hops may be left out).
 */
export interface RouteOp {
  readonly op: "add" | "replace" | "remove";
  readonly route: KernelRoute;
}

/** Per-operation outcome of a batch, in input order. */
export type RouteOpResult =
  | { readonly ok: true; readonly op: RouteOp }
  | { readonly ok: false; readonly op: RouteOp; readonly error: RouteSyncError };

/** Main table id. */
export const MAIN_TABLE = 254;
/** Metric the kernel stores for an IPv6 route added with metric 0 (IP6_RT_PRIO_USER). */
export const IPV6_DEFAULT_METRIC = 1024;
