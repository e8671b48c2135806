/**
 * The RIB's change stream: an ordered list of best-path changes, delivered in batches.
 *
 * Each {@link RouteChange} says what happened to the best path of one prefix since the previous
 * batch: `add` (the prefix had no usable route and now has one), `replace` (the best path or
 * its ECMP set changed: next hops, attributes or the winning peer) or `withdraw` (no usable
 * route remains; `best` is absent and `ecmp` is empty). Bursts are coalesced: a prefix appears
 * at most once per batch, with its state at flush time compared to what the consumer was last
 * told, so a full table arriving is a few large batches, and an announce followed by a withdraw
 * inside one batch produces nothing. `best` is a {@link RouteSummary} (the winning route: next
 * hop, interned frozen attributes, source peer); `ecmp` is the multipath set with `best` first
 * (just `[best]` when multipath is off), and `nextHops` is the de-duplicated list of their next
 * hops — what a kernel route needs. Batches are in order; `seq` increases by one per change
 * across batches, so a consumer can detect loss. Everything is read-only and shared: copy
 * what you keep beyond the callback only if you mutate it.
 */
import type { IpAddress, PathAttributes, Prefix } from "@tsbgp/bgp-wire";
import type { Peer } from "./peer.js";

/** The kinds of best-path change. */
export const ChangeOp = { ADD: "add", REPLACE: "replace", WITHDRAW: "withdraw" } as const;
/** One of the {@link ChangeOp} values. */
export type ChangeOpName = (typeof ChangeOp)[keyof typeof ChangeOp];

/** One route as the change stream reports it. */
export interface RouteSummary {
  /** The route's next hop (NEXT_HOP, or the MP_REACH_NLRI next hop); null if it had none. */
  readonly nextHop: IpAddress | null;
  /** IPv6 link-local next hop from MP_REACH_NLRI, when sent (RFC 2545 §3). */
  readonly linkLocal?: IpAddress;
  /** Post-import-policy attributes: an interned, frozen object shared with other routes. */
  readonly attrs: PathAttributes;
  /** The neighbour the route came from (kind `local` for locally originated routes). */
  readonly peer: Peer;
  /** ADD-PATH path identifier it was received with (0 without ADD-PATH). */
  readonly pathId: number;
  /** IGP cost to the next hop, from the RIB's resolver (0 when not resolved). */
  readonly igpCost: number;
}

/** One ordered best-path change for one prefix. */
export interface RouteChange {
  /** What happened. */
  readonly op: ChangeOpName;
  /** The prefix (compact form; do not mutate). */
  readonly prefix: Prefix;
  /** The new best route; absent on `withdraw`. */
  readonly best?: RouteSummary;
  /** The multipath (ECMP) set, best first; empty on `withdraw`. */
  readonly ecmp: readonly RouteSummary[];
  /** Distinct next hops of `ecmp`, in `ecmp` order; empty on `withdraw`. */
  readonly nextHops: readonly IpAddress[];
  /** Sequence number: +1 per change over the RIB's life, starting at 1. */
  readonly seq: number;
}

/** Receives one coalesced batch of changes, in order. */
export type RouteChangeListener = (changes: readonly RouteChange[]) => void;
