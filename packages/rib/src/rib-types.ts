/**
 * The option, counter and result types of {@link Rib}.
 */
import type { AfiCode, IpAddress, PathAttributes, Prefix } from "@tsbgp/bgp-wire";
import type { FlushScheduler } from "./change-stream.js";
import type { DecisionOptions, NextHopResolver } from "./decision/options.js";
import type { RejectReasonName } from "./import-check.js";
import type { Policy } from "./policy/types.js";

/** Registration of a neighbour. */
export interface PeerInit {
  /** The neighbour's address. */
  readonly address: IpAddress;
  /** The neighbour's AS (equal to ours makes it iBGP). */
  readonly asn: number;
  /** The neighbour's BGP identifier (uint32). */
  readonly routerId: number;
  /** Display name. */
  readonly name?: string;
  /** RFC 4456 route-reflector client (iBGP only). */
  readonly rrClient?: boolean;
  /** Import policy (default: accept all). */
  readonly importPolicy?: Policy;
  /** How many times our own AS may appear in a received AS_PATH (default 0). */
  readonly allowOwnAs?: number;
}

/** RIB options. */
export interface RibInit {
  /** Our AS. */
  readonly asn: number;
  /** Our BGP identifier (uint32). */
  readonly routerId: number;
  /** RFC 4456 cluster ID (default: the router ID, RFC 4456 §7). */
  readonly clusterId?: number;
  /** Decision process options. */
  readonly decision?: DecisionOptions;
  /** Next-hop resolver (default: everything reachable at cost 0). */
  readonly resolver?: NextHopResolver;
  /** How change-stream flushes are scheduled (default `queueMicrotask`; null: call `flush()`). */
  readonly schedule?: FlushScheduler;
}

/** Running totals, so no route is ever lost silently. */
export interface RibCounters {
  /** Routes announced to the RIB (NLRI with attributes). */
  announced: number;
  /** Routes withdrawn. */
  withdrawn: number;
  /** NLRI of UPDATEs with an RFC 7606 treat-as-withdraw (or stronger) problem. */
  treatedAsWithdraw: number;
  /** Routes stored as rejected (kept in Adj-RIB-In pre-policy), by reason. */
  rejected: Record<RejectReasonName, number>;
  /** Stale routes removed by graceful-restart sweeps. */
  staleSwept: number;
}

/** What one UPDATE did. */
export interface UpdateOutcome {
  readonly announced: number;
  readonly withdrawn: number;
  readonly treatedAsWithdraw: number;
  /** The family this UPDATE marked End-of-RIB for (RFC 4724 §2), or null. */
  readonly endOfRib: AfiCode | null;
}

/** One Adj-RIB-In entry. */
export interface AdjRibInEntry {
  readonly prefix: Prefix;
  readonly pathId: number;
  /** Pre-policy: as received. Post-policy: as accepted (never null there). */
  readonly attrs: PathAttributes;
  readonly stale: boolean;
}
