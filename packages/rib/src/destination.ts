/**
 * The public, read-only view of one prefix in the Loc-RIB.
 */
import type { Prefix } from "@tsbgp/bgp-wire";
import type { DecisionReasonName } from "./decision/reason.js";
import {
  type Dest,
  bestOf,
  destAfi,
  destPrefix,
  ecmpOf,
  reasonOf,
  routeAt,
  routeCount,
  routesOf,
} from "./dest.js";
import type { Route } from "./route.js";

/**
 * One prefix in the Loc-RIB, with every candidate route and the chosen best path: what
 * {@link Rib.lookup}, {@link Rib.longestMatch} and {@link Rib.destinations} return.
 *
 * A view made on each call over the RIB's record of the prefix (see `dest.ts` on why the
 * records themselves are plain objects): it reads the current state, so it stays current as
 * routes change; two views of one prefix are equal in content, not identity. Keep the prefix,
 * not the view, to find a destination again.
 */
export class Destination {
  /**
   * The RIB's record: the RIB's own code reads it, users should not.
   * @internal
   * @hidden
   */
  readonly record: Dest;

  /**
   * Views are made by the RIB.
   * @internal
   * @hidden
   */
  constructor(record: Dest) {
    this.record = record;
  }

  /** The prefix (a fresh object on each call: keep it if you need identity). */
  get prefix(): Prefix {
    return destPrefix(this.record);
  }

  /** Address family of the prefix. */
  get afi(): 1 | 2 {
    return destAfi(this.record);
  }

  /** All routes for the prefix, accepted or not, in arrival order (do not mutate). */
  get routes(): readonly Route[] {
    return routesOf(this.record);
  }

  /** Number of routes, without building an array. */
  get routeCount(): number {
    return routeCount(this.record);
  }

  /** The i-th route, without building an array. */
  routeAt(i: number): Route | undefined {
    return routeAt(this.record, i);
  }

  /** The multipath set, best first (empty when there is no best; do not mutate). */
  get ecmp(): readonly Route[] {
    return ecmpOf(this.record);
  }

  /** The best route, or null when no route is usable. */
  get best(): Route | null {
    return bestOf(this.record);
  }

  /** Why the best won against its closest contender. */
  get reason(): DecisionReasonName | null {
    return reasonOf(this.record);
  }
}
