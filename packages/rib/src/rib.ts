/**
 * The RIB: Adj-RIB-In (pre- and post-import-policy) for every peer, the Loc-RIB with the
 * decision process, graceful-restart stale handling and the coalescing change stream.
 *
 * Storage is one {@link PrefixTable} of {@link Destination}s holding every peer's routes for a
 * prefix (as BIRD's tables do): a peer's Adj-RIB-In is the set of routes it owns there, each
 * keeping its received (pre-policy) and accepted (post-policy) interned attribute sets. So a
 * policy change re-evaluates from what the peer sent, without a route refresh.
 */
import {
  type AfiCode,
  forEachNlri,
  type IpAddress,
  type LazyUpdateMessage,
  type NlriVisitor,
  type PathAttributes,
  type Prefix,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { AttrStore, type AttrSet } from "./attr-store.js";
import { clearPeekSeed, seedPeek } from "./peek-seed.js";
import type { RouteChange, RouteChangeListener } from "./change.js";
import { ChangeStream } from "./change-stream.js";
import type { AdjRibInEntry, PeerInit, RibCounters, RibInit, UpdateOutcome } from "./rib-types.js";
import {
  alwaysReachable,
  type NextHopResolver,
  type ResolvedDecisionOptions,
  resolveDecisionOptions,
} from "./decision/options.js";
import { DecisionReason } from "./decision/reason.js";
import { rankRoutes, selectBest } from "./decision/select.js";
import { RibError, RibErrorCode } from "./errors.js";
import type { LoopCheckContext } from "./import-check.js";
import { type Peer, PeerKind } from "./peer.js";
import { acceptAll, type Policy } from "./policy/types.js";
import { canonicalPrefix } from "./prefix-key.js";
import { PrefixTable } from "./prefix-table.js";
import { Destination, Route } from "./route.js";
import { clearImportMemo, importVerdict, type PeerState, peerState } from "./peer-state.js";
import { hashBytes } from "./raw-attr-cache.js";
import { classifyUpdate, isLazyUpdate, treatsAsWithdraw } from "./update-parts.js";

const LOCAL_ADDRESS: IpAddress = Object.freeze({ afi: 1, addr: 0 });
const NO_ROUTES: readonly Route[] = Object.freeze([]);

/** Adj-RIB-In + Loc-RIB + decision process + change stream. */
export class Rib {
  /** Our AS. */
  readonly asn: number;
  /** Our router ID. */
  readonly routerId: number;
  /** Our RFC 4456 cluster ID. */
  readonly clusterId: number;
  /** The interned attribute sets. */
  readonly store = new AttrStore();
  /** Totals since creation. */
  readonly counters: RibCounters = {
    announced: 0,
    withdrawn: 0,
    treatedAsWithdraw: 0,
    rejected: { "as-loop": 0, "originator-id-loop": 0, "cluster-list-loop": 0, policy: 0 },
    staleSwept: 0,
  };
  /** The pseudo-peer owning locally originated routes. */
  readonly localPeer: Peer;
  /** Decision options with defaults applied. */
  readonly decision: ResolvedDecisionOptions;

  private readonly table = new PrefixTable<Destination>(Destination.v4Key);
  private readonly peerStates: (PeerState | undefined)[] = [];
  private readonly changes: ChangeStream;
  private readonly loopCtx: LoopCheckContext;
  private resolver: NextHopResolver;
  // The UPDATE being walked by the NLRI visitors below (saved and restored around each walk).
  private walkPeer: PeerState | null = null;
  private walkSet: AttrSet | null = null;
  private walkCount = 0;
  private readonly announceVisitor: NlriVisitor = (len, addr, _v6, pathId) => {
    this.announceV4(this.walkPeer!, addr, len, pathId ?? 0, this.walkSet!);
  };
  private readonly withdrawVisitor: NlriVisitor = (len, addr, _v6, pathId) => {
    if (this.withdrawV4(this.walkPeer!, addr, len, pathId ?? 0)) this.walkCount++;
  };

  /** Creates an empty RIB. */
  constructor(init: RibInit) {
    this.asn = init.asn;
    this.routerId = init.routerId >>> 0;
    this.clusterId = (init.clusterId ?? init.routerId) >>> 0;
    this.decision = resolveDecisionOptions(init.decision);
    this.resolver = init.resolver ?? alwaysReachable;
    this.loopCtx = { asn: this.asn, routerId: this.routerId, clusterId: this.clusterId };
    const schedule = init.schedule === undefined ? (f: () => void) => queueMicrotask(f) : init.schedule;
    this.changes = new ChangeStream(schedule, (d, prefix) => {
      if (d.routeCount === 0 && this.table.get(prefix) === d) this.table.delete(prefix);
    });
    const local: Peer = {
      id: 0,
      name: "local",
      address: LOCAL_ADDRESS,
      asn: this.asn,
      routerId: this.routerId,
      kind: PeerKind.LOCAL,
      rrClient: false,
    };
    this.localPeer = local;
    this.peerStates[0] = peerState(local, acceptAll, Number.MAX_SAFE_INTEGER);
  }

  /** Registers a neighbour; its kind (eBGP/iBGP) follows from its AS. */
  addPeer(init: PeerInit): Peer {
    if (!Number.isInteger(init.asn) || init.asn < 0 || init.asn > 0xffffffff)
      throw new RibError(`bad AS ${init.asn}`, { code: RibErrorCode.CONFIG_INVALID, field: "asn" });
    const id = this.peerStates.length;
    const kind = init.asn === this.asn ? PeerKind.IBGP : PeerKind.EBGP;
    const peer: Peer = Object.freeze({
      id,
      name: init.name ?? `peer${id}`,
      address: init.address,
      asn: init.asn,
      routerId: init.routerId >>> 0,
      kind,
      rrClient: kind === PeerKind.IBGP && (init.rrClient ?? false),
    });
    this.peerStates.push(peerState(peer, init.importPolicy ?? acceptAll, init.allowOwnAs ?? 0));
    return peer;
  }

  /** Every registered peer (without the local pseudo-peer). */
  peers(): Peer[] {
    return this.peerStates
      .filter((s): s is PeerState => s !== undefined && s.peer.id !== 0)
      .map((s) => s.peer);
  }

  private state(peer: Peer): PeerState {
    const s = this.peerStates[peer.id];
    if (s === undefined || s.peer !== peer)
      throw new RibError(`peer ${peer.name} is not registered`, { code: RibErrorCode.UNKNOWN_PEER });
    return s;
  }

  /** Withdraws every route of the peer (session down without graceful restart). */
  peerDown(peer: Peer): number {
    this.state(peer).rawAttrs.clear();
    return this.removeWhere((r) => r.peer === peer);
  }

  /** Withdraws every route of the peer and forgets it. */
  removePeer(peer: Peer): number {
    const n = this.peerDown(peer);
    this.peerStates[peer.id] = undefined;
    return n;
  }

  /**
   * Applies one decoded UPDATE from a peer: withdrawals (IPv4 field and MP_UNREACH_NLRI),
   * announcements (NLRI field and MP_REACH_NLRI, IPv4/IPv6 unicast). An UPDATE carrying an
   * RFC 7606 treat-as-withdraw (or stronger) problem withdraws all its NLRI, counted
   * (RFC 7606 §2). End-of-RIB ends a graceful restart for its family (RFC 4724 §4.2).
   *
   * An UPDATE straight from `decodeMessage` (lazy) takes a faster path for IPv4: its NLRI are
   * walked in place and its attribute bytes are decoded only the first time they are seen in
   * the session. That cache assumes one codec context per session: it is cleared when the
   * session ends (`peerDown`, `removePeer`, `markStale`).
   */
  applyUpdate(peer: Peer, msg: UpdateMessage): UpdateOutcome {
    const ps = this.state(peer);
    if (isLazyUpdate(msg)) {
      const fast = this.applyLazyV4(ps, msg);
      if (fast !== null) return fast;
    }
    const parts = classifyUpdate(msg);
    let withdrawn = 0;
    let announced = 0;
    let treated = 0;
    for (const n of parts.withdrawn) if (this.withdrawOne(ps, n.prefix, n.pathId ?? 0)) withdrawn++;
    if (parts.treatAsWithdraw) {
      for (const group of parts.reach) {
        for (const n of group.nlri) {
          treated++;
          if (this.withdrawOne(ps, n.prefix, n.pathId ?? 0)) withdrawn++;
        }
      }
      this.counters.treatedAsWithdraw += treated;
    } else {
      for (const group of parts.reach) {
        if (group.nlri.length === 0) continue;
        const set = this.store.intern(group.attrs);
        for (const n of group.nlri) this.announceOne(ps, n.prefix, n.pathId ?? 0, set);
        this.store.release(set);
        announced += group.nlri.length;
      }
    }
    // Only a peer in graceful restart has anything to sweep: skip the table walk otherwise.
    if (parts.endOfRib !== null && ps.staleFamilies.has(parts.endOfRib))
      this.sweepStale(peer, parts.endOfRib);
    return { announced, withdrawn, treatedAsWithdraw: treated, endOfRib: parts.endOfRib };
  }

  /**
   * The fast path for IPv4 UPDATEs decoded lazily (what a speaker gets from the framer): the
   * NLRI and withdrawn fields are walked in place with `forEachNlri` (no prefix objects), and
   * the attributes are decoded and interned only the first time their bytes are seen. Returns
   * null for what it does not handle (MP_REACH/MP_UNREACH, End-of-RIB), left to the general path.
   */
  private applyLazyV4(ps: PeerState, msg: LazyUpdateMessage): UpdateOutcome | null {
    const nlri = msg.nlriCount;
    let set: AttrSet | null = null;
    let treat = false;
    if (nlri === 0) {
      // A pure IPv4 withdrawal has no attributes; anything else may be MP or End-of-RIB.
      if (msg.withdrawnCount === 0 || msg.attributeBytes.length !== 0) return null;
    } else {
      const bytes = msg.attributeBytes;
      const hash = hashBytes(bytes);
      const hit = ps.rawAttrs.get(bytes, hash);
      if (hit !== undefined) {
        set = hit.set;
        treat = set === null;
        if (set !== null) this.store.retain(set);
      } else {
        const a = msg.attributes;
        if (a.mpReach !== undefined || a.mpUnreach !== undefined) return null;
        treat = treatsAsWithdraw(msg.action);
        if (!treat) {
          // A field that decoded cleanly is kept as its wire bytes (compact until asked for);
          // one with a survivable problem keeps what the decoder made of it.
          if (msg.problems.length === 0) {
            set = this.store.internWire(bytes, hash, msg.context.asn4, a);
            seedPeek(set, a);
          } else set = this.store.intern(a);
        }
        ps.rawAttrs.set(bytes, hash, set);
      }
    }
    const savedPeer = this.walkPeer;
    const savedSet = this.walkSet;
    const savedCount = this.walkCount;
    this.walkPeer = ps;
    this.walkCount = 0;
    try {
      if (msg.withdrawnCount > 0) forEachNlri(msg.withdrawnBytes, 1, msg.addPath, this.withdrawVisitor);
      if (nlri > 0) {
        if (treat) forEachNlri(msg.nlriBytes, 1, msg.addPath, this.withdrawVisitor);
        else {
          this.walkSet = set;
          forEachNlri(msg.nlriBytes, 1, msg.addPath, this.announceVisitor);
        }
      }
      const withdrawn = this.walkCount;
      if (treat) this.counters.treatedAsWithdraw += nlri;
      return {
        announced: treat ? 0 : nlri,
        withdrawn,
        treatedAsWithdraw: treat ? nlri : 0,
        endOfRib: null,
      };
    } finally {
      clearPeekSeed();
      if (set !== null) this.store.release(set);
      this.walkPeer = savedPeer;
      this.walkSet = savedSet;
      this.walkCount = savedCount;
    }
  }

  /** Announces one route from a peer (attributes are copied and interned). */
  announce(peer: Peer, prefix: Prefix, attrs: PathAttributes, pathId = 0): void {
    const ps = this.state(peer);
    const set = this.store.intern(attrs);
    this.announceOne(ps, prefix, pathId, set);
    this.store.release(set);
  }

  /** Withdraws one route of a peer; returns whether it existed. */
  withdraw(peer: Peer, prefix: Prefix, pathId = 0): boolean {
    return this.withdrawOne(this.state(peer), prefix, pathId);
  }

  /** Originates a local route (it wins the local-origin decision step). */
  originate(prefix: Prefix, attrs: PathAttributes): void {
    this.announce(this.localPeer, prefix, attrs, 0);
  }

  /** Stops originating a local route. */
  withdrawLocal(prefix: Prefix): boolean {
    return this.withdraw(this.localPeer, prefix, 0);
  }

  private announceOne(ps: PeerState, prefix: Prefix, pathId: number, rs: AttrSet): void {
    if (prefix.afi === 1) {
      this.announceV4(ps, prefix.addr, prefix.len, pathId, rs);
      return;
    }
    this.counters.announced++;
    const canonical = canonicalPrefix(prefix);
    let d = this.table.get(canonical);
    if (d === undefined) {
      d = Destination.of(canonical);
      this.table.set(canonical, d);
    }
    this.place(ps, d, pathId, rs);
  }

  /** Announces one IPv4 route, the prefix given as numbers (host bits are cleared here). */
  private announceV4(ps: PeerState, addr: number, len: number, pathId: number, rs: AttrSet): void {
    this.counters.announced++;
    this.place(ps, this.table.getOrAddV4(addr, len, Destination.ipv4), pathId, rs);
  }

  /** Adds or replaces the peer's route in a destination and runs the decision. */
  private place(ps: PeerState, d: Destination, pathId: number, rs: AttrSet): void {
    const idx = findRoute(d, ps.peer, pathId);
    const old = idx >= 0 ? d.routeAt(idx) : undefined;
    if (old !== undefined && old.received === rs) {
      // Same path again: a graceful-restart refresh, or a duplicate; nothing to decide.
      if (old.stale) this.refresh(d, idx, old);
      return;
    }
    const post = this.importFor(ps, d, rs);
    const tx = old ? old.txPathId : d.nextTxPathId();
    this.store.retain(rs);
    // The prefixes of one UPDATE usually make the very same route: reuse the last one made for
    // this peer when nothing about it differs (see route.ts on what sharing allows).
    const afi = d.afi;
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
      d.routes = replaced(d.routes, idx, r);
      this.dropRoute(old);
    } else if (d.routeCount === 0) d.setOnlyRoute(r);
    else d.routes = [...d.routes, r];
    this.decide(d);
  }

  /**
   * A stale route re-announced unchanged is current again (RFC 4724 §4.2). A shared one's flag
   * belongs to other prefixes too, which are still waiting for their own re-announcement: this
   * destination gets a fresh copy in the same places (routes and ECMP set), the others keep the
   * stale object.
   */
  private refresh(d: Destination, idx: number, old: Route): void {
    if (!old.shared) {
      old.stale = false;
      return;
    }
    const fresh = old.unshared();
    fresh.stale = false;
    d.routes = replaced(d.routes, idx, fresh);
    const e = d.ecmpRaw;
    if (e === old) d.setEcmpRaw(fresh);
    else if (e instanceof Route) return;
    else if (e.includes(old)) d.setEcmpRaw(e.map((x) => (x === old ? fresh : x)));
  }

  private withdrawOne(ps: PeerState, prefix: Prefix, pathId: number): boolean {
    const d = this.table.get(prefix);
    return d !== undefined && this.unplace(ps, d, pathId);
  }

  private withdrawV4(ps: PeerState, addr: number, len: number, pathId: number): boolean {
    const d = this.table.getV4(addr, len);
    return d !== undefined && this.unplace(ps, d, pathId);
  }

  /** Removes the peer's route from a destination (if there) and runs the decision. */
  private unplace(ps: PeerState, d: Destination, pathId: number): boolean {
    const idx = findRoute(d, ps.peer, pathId);
    if (idx < 0) return false;
    const old = d.routeAt(idx)!;
    d.routes = d.routes.filter((_, i) => i !== idx);
    this.dropRoute(old);
    this.counters.withdrawn++;
    this.decide(d);
    return true;
  }

  /** The post-policy set for a route of `d` (one reference owned by the caller), or null. */
  private importFor(ps: PeerState, d: Destination, rs: AttrSet): AttrSet | null {
    const post = importVerdict(ps, rs, this.store, this.loopCtx, d);
    if (typeof post !== "string") return post;
    this.counters.rejected[post]++;
    return null;
  }

  private dropRoute(r: Route): void {
    this.store.release(r.received);
    if (r.attrs !== null) this.store.release(r.attrs);
  }

  private decide(d: Destination): void {
    const before = d.ecmpRaw;
    if (d.routeCount === 1) {
      // The common case (one route for the prefix) without the general selection's arrays.
      const r = d.routeAt(0)!;
      let usable = false;
      if (r.attrs !== null) {
        const res = this.resolver(r.attrs.nextHop, r);
        r.reachable = res.reachable;
        r.igpCost = res.cost;
        usable = res.reachable;
      }
      d.setEcmpRaw(usable ? r : NO_ROUTES);
      d.reason = usable ? DecisionReason.ONLY_ROUTE : null;
    } else {
      const sel = selectBest(d.routes, this.decision, this.resolver);
      d.ecmp = sel.ecmp;
      d.reason = sel.reason;
    }
    // Always marked: the flush reports only ECMP changes, but ADD-PATH exporters see every touch.
    this.changes.mark(d, before);
  }

  private removeWhere(pred: (r: Route, d: Destination) => boolean): number {
    let n = 0;
    for (const d of this.table.values()) {
      let gone = 0;
      const count = d.routeCount;
      for (let i = 0; i < count; i++) if (pred(d.routeAt(i)!, d)) gone++;
      if (gone === 0) continue;
      const keep: Route[] = [];
      for (const r of d.routes) {
        if (pred(r, d)) this.dropRoute(r);
        else keep.push(r);
      }
      d.routes = keep;
      n += gone;
      this.decide(d);
    }
    this.counters.withdrawn += n;
    return n;
  }

  /**
   * Graceful restart (RFC 4724 §4.2): the peer's session went down with GR; its routes (of one
   * family, or all) stay in use but are marked stale. Returns how many were marked.
   */
  markStale(peer: Peer, afi?: AfiCode): number {
    const ps = this.state(peer);
    // The session ended: the next one may negotiate a different context (decoding differs).
    ps.rawAttrs.clear();
    for (const f of afi === undefined ? ([1, 2] as const) : [afi]) ps.staleFamilies.add(f);
    let n = 0;
    for (const d of this.table.values()) {
      if (afi !== undefined && d.afi !== afi) continue;
      for (let i = 0; i < d.routeCount; i++) {
        const r = d.routeAt(i)!;
        if (r.peer === peer) {
          r.stale = true;
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Removes the peer's routes still stale: at End-of-RIB for the family, or when the restart
   * (or stale-path) timer the speaker runs expires (RFC 4724 §4.2). Returns how many went.
   */
  sweepStale(peer: Peer, afi?: AfiCode): number {
    const ps = this.state(peer);
    if (afi === undefined) ps.staleFamilies.clear();
    else ps.staleFamilies.delete(afi);
    const n = this.removeWhere((r, d) => r.peer === peer && r.stale && (afi === undefined || d.afi === afi));
    this.counters.staleSwept += n;
    return n;
  }

  /** Replaces a peer's import policy and re-evaluates its routes from Adj-RIB-In pre-policy. */
  setImportPolicy(peer: Peer, policy: Policy): number {
    const ps = this.state(peer);
    ps.importPolicy = policy;
    clearImportMemo(ps);
    let n = 0;
    for (const d of this.table.values()) {
      let touched = false;
      for (let i = 0; i < d.routeCount; i++) {
        const old = d.routeAt(i)!;
        if (old.peer !== peer) continue;
        const post = this.importFor(ps, d, old.received);
        if (post === old.attrs) {
          if (post !== null) this.store.release(post);
          continue;
        }
        const r = Route.make(peer, old.pathId, this.store.retain(old.received), post, old.txPathId);
        r.stale = old.stale;
        d.routes = replaced(d.routes, i, r);
        this.dropRoute(old);
        touched = true;
        n++;
      }
      if (touched) this.decide(d);
    }
    return n;
  }

  /** Changes the next-hop resolver (an IGP change) and re-runs every decision. */
  setResolver(resolver: NextHopResolver): void {
    this.resolver = resolver;
    for (const d of this.table.values()) this.decide(d);
  }

  /** The destination for exactly this prefix (read-only). */
  lookup(prefix: Prefix): Destination | undefined {
    const d = this.table.get(prefix);
    return d && d.routeCount > 0 ? d : undefined;
  }

  /** The most specific destination with a best route covering `addr`. */
  longestMatch(addr: IpAddress): Destination | undefined {
    const d = this.table.longestMatch(addr);
    return d && d.routeCount > 0 ? d : undefined;
  }

  /** Every destination with at least one route (read-only). */
  *destinations(): IterableIterator<Destination> {
    for (const d of this.table.values()) if (d.routeCount > 0) yield d;
  }

  /** Number of prefixes with at least one route (including those pending removal). */
  get prefixCount(): number {
    return this.table.size;
  }

  /** All usable routes of a destination, best first (for ADD-PATH "all" / "best N" export). */
  ranked(d: Destination): Route[] {
    const rest = rankRoutes(d.routes, this.decision).filter((r) => r !== d.best);
    return d.best ? [d.best, ...rest] : rest;
  }

  /** A peer's Adj-RIB-In, before (`pre`) or after (`post`) the import policy. */
  *adjRibIn(peer: Peer, side: "pre" | "post" = "post"): IterableIterator<AdjRibInEntry> {
    this.state(peer);
    for (const d of this.table.values()) {
      let prefix: Prefix | undefined;
      for (const r of d.routes) {
        if (r.peer !== peer) continue;
        const set = side === "pre" ? r.received : r.attrs;
        prefix ??= d.prefix;
        if (set !== null) yield { prefix, pathId: r.pathId, attrs: set.attrs, stale: r.stale };
      }
    }
  }

  /** Subscribes to the change stream; returns the unsubscribe function. */
  onChange(listener: RouteChangeListener): () => void {
    return this.changes.subscribe(listener);
  }

  /** Subscribes to every touched prefix (any route added, replaced or removed). */
  onTouched(listener: (prefixes: readonly Prefix[]) => void): () => void {
    return this.changes.subscribeTouched(listener);
  }

  /**
   * Emits pending changes now and returns them. A RIB with a flush scheduler (the default)
   * keeps changes only while something subscribes (`onChange`, `onTouched`): without a
   * subscriber nothing is pending. With `schedule: null` every change is kept for this call.
   */
  flush(): readonly RouteChange[] {
    return this.changes.flush();
  }
}

function findRoute(d: Destination, peer: Peer, pathId: number): number {
  const n = d.routeCount;
  for (let i = 0; i < n; i++) {
    const r = d.routeAt(i)!;
    if (r.peer === peer && r.pathId === pathId) return i;
  }
  return -1;
}

/** A copy of `rs` with `rs[i]` replaced (routes arrays are copy-on-write). */
function replaced(rs: readonly Route[], i: number, r: Route): Route[] {
  const out = rs.slice();
  out[i] = r;
  return out;
}
