/**
 * Route edits of one destination (add or replace a peer's route, remove it, refresh a stale
 * one) and the decision process run after each: what every way into the RIB (UPDATEs, the API,
 * graceful restart, policy changes) has in common. The {@link Rib} owns the table and the
 * peers; this owns what happens inside one destination (a `dest.ts` record).
 */
import type { AttrSet, AttrStore } from "./attr-store.js";
import type { ChangeStream } from "./change-stream.js";
import type { NextHopResolver, ResolvedDecisionOptions } from "./decision/options.js";
import { DecisionReason } from "./decision/reason.js";
import { selectBest } from "./decision/select.js";
import type { LoopCheckContext } from "./import-check.js";
import type { Peer } from "./peer.js";
import { importVerdict, type PeerState } from "./peer-state.js";
import type { RibCounters } from "./rib-types.js";
import {
  type Dest,
  NO_ROUTES,
  destAfi,
  nextTxPathId,
  routeAt,
  routeCount,
  routesOf,
  setEcmp,
  setReason,
  setRoutes,
} from "./dest.js";
import { Route } from "./route.js";

/** The edits and the decision, over one RIB's attribute store and change stream. */
export class RouteEditor {
  /** The next-hop resolver the decision uses (the RIB replaces it on an IGP change). */
  resolver: NextHopResolver;

  /**
   * @param store the RIB's interned attribute sets (routes hold references)
   * @param changes where each decided destination is marked
   * @param counters the RIB's totals (withdrawals and import rejections are counted here)
   * @param loopCtx our AS, router ID and cluster ID, for the import loop checks
   * @param decision the decision options
   * @param resolver the initial next-hop resolver
   */
  constructor(
    private readonly store: AttrStore,
    private readonly changes: ChangeStream,
    private readonly counters: RibCounters,
    private readonly loopCtx: LoopCheckContext,
    private readonly decision: ResolvedDecisionOptions,
    resolver: NextHopResolver,
  ) {
    this.resolver = resolver;
  }

  /** Adds or replaces the peer's route in a destination and runs the decision. */
  place(ps: PeerState, d: Dest, pathId: number, rs: AttrSet): void {
    const idx = findRoute(d, ps.peer, pathId);
    const old = idx >= 0 ? routeAt(d, idx) : undefined;
    if (old !== undefined && old.received === rs) {
      // Same path again: a graceful-restart refresh, or a duplicate; nothing to decide.
      if (old.stale) this.refresh(d, idx, old);
      return;
    }
    const post = this.importFor(ps, d, rs);
    const tx = old ? old.txPathId : nextTxPathId(d);
    this.store.retain(rs);
    // The prefixes of one UPDATE usually make the very same route: reuse the last one made for
    // this peer when nothing about it differs (see route.ts on what sharing allows).
    const afi = destAfi(d);
    let r = ps.lastRoutes[afi];
    if (
      r !== null &&
      r.received === rs &&
      r.attrs === post &&
      r.pathId === pathId &&
      r.txPathId === tx &&
      !r.stale
    )
      r.markShared();
    else {
      r = Route.make(ps.peer, pathId, rs, post, tx);
      ps.lastRoutes[afi] = r;
    }
    if (old !== undefined) {
      setRoutes(d, replaced(routesOf(d), idx, r));
      this.dropRoute(old);
    } else if (routeCount(d) === 0) d.r = r;
    else setRoutes(d, [...routesOf(d), r]);
    this.decide(d);
  }

  /**
   * A stale route re-announced unchanged is current again (RFC 4724 §4.2). A shared one's flag
   * belongs to other prefixes too, which are still waiting for their own re-announcement: this
   * destination gets a fresh copy in the same places (routes and ECMP set), the others keep the
   * stale object.
   */
  private refresh(d: Dest, idx: number, old: Route): void {
    if (!old.shared) {
      old.stale = false;
      return;
    }
    const fresh = old.unshared();
    fresh.stale = false;
    setRoutes(d, replaced(routesOf(d), idx, fresh));
    const e = d.e;
    if (e === old) d.e = fresh;
    else if (e instanceof Route) return;
    else if (e.includes(old)) d.e = e.map((x) => (x === old ? fresh : x));
  }

  /** Removes the peer's route from a destination (if there) and runs the decision. */
  unplace(ps: PeerState, d: Dest, pathId: number): boolean {
    const idx = findRoute(d, ps.peer, pathId);
    if (idx < 0) return false;
    const old = routeAt(d, idx)!;
    setRoutes(
      d,
      routesOf(d).filter((_, i) => i !== idx),
    );
    this.dropRoute(old);
    this.counters.withdrawn++;
    this.decide(d);
    return true;
  }

  /** The post-policy set for a route of `d` (one reference owned by the caller), or null. */
  importFor(ps: PeerState, d: Dest, rs: AttrSet): AttrSet | null {
    const post = importVerdict(ps, rs, this.store, this.loopCtx, d);
    if (typeof post !== "string") return post;
    this.counters.rejected[post]++;
    return null;
  }

  /**
   * Removes the routes of `d` that `pred` picks and re-runs its decision when any went;
   * returns how many went (the caller counts them as withdrawn).
   */
  removeMatching(d: Dest, pred: (r: Route, d: Dest) => boolean): number {
    let gone = 0;
    const count = routeCount(d);
    for (let i = 0; i < count; i++) if (pred(routeAt(d, i)!, d)) gone++;
    if (gone === 0) return 0;
    const keep: Route[] = [];
    for (const r of routesOf(d)) {
      if (pred(r, d)) this.dropRoute(r);
      else keep.push(r);
    }
    setRoutes(d, keep);
    this.decide(d);
    return gone;
  }

  /**
   * Re-evaluates the peer's routes in `d` from what it sent (Adj-RIB-In pre-policy) after an
   * import policy change; returns how many routes changed.
   */
  reimport(ps: PeerState, d: Dest): number {
    let n = 0;
    for (let i = 0; i < routeCount(d); i++) {
      const old = routeAt(d, i)!;
      if (old.peer !== ps.peer) continue;
      const post = this.importFor(ps, d, old.received);
      if (post === old.attrs) {
        if (post !== null) this.store.release(post);
        continue;
      }
      const r = Route.make(ps.peer, old.pathId, this.store.retain(old.received), post, old.txPathId);
      r.stale = old.stale;
      setRoutes(d, replaced(routesOf(d), i, r));
      this.dropRoute(old);
      n++;
    }
    if (n > 0) this.decide(d);
    return n;
  }

  /** Releases the attribute-set references a route held for its destination. */
  dropRoute(r: Route): void {
    this.store.release(r.received);
    if (r.attrs !== null) this.store.release(r.attrs);
  }

  /** Runs the decision process for one destination and marks it in the change stream. */
  decide(d: Dest): void {
    const before = d.e;
    if (routeCount(d) === 1) {
      // The common case (one route for the prefix) without the general selection's arrays.
      const r = routeAt(d, 0)!;
      let usable = false;
      if (r.attrs !== null) {
        const res = this.resolver(r.attrs.nextHop, r);
        r.reachable = res.reachable;
        r.igpCost = res.cost;
        usable = res.reachable;
      }
      d.e = usable ? r : NO_ROUTES;
      setReason(d, usable ? DecisionReason.ONLY_ROUTE : null);
    } else {
      const sel = selectBest(routesOf(d), this.decision, this.resolver);
      setEcmp(d, sel.ecmp);
      setReason(d, sel.reason);
    }
    // Always marked: the flush reports only ECMP changes, but ADD-PATH exporters see every touch.
    this.changes.mark(d, before);
  }
}

/** The index of the peer's route with this path ID in `d`, or -1. */
export function findRoute(d: Dest, peer: Peer, pathId: number): number {
  const n = routeCount(d);
  for (let i = 0; i < n; i++) {
    const r = routeAt(d, i)!;
    if (r.peer === peer && r.pathId === pathId) return i;
  }
  return -1;
}

/** A copy of `rs` with `rs[i]` replaced (routes arrays are copy-on-write). */
export function replaced(rs: readonly Route[], i: number, r: Route): Route[] {
  const out = rs.slice();
  out[i] = r;
  return out;
}
