/**
 * The RIB: Adj-RIB-In (pre- and post-import-policy) for every peer, the Loc-RIB with the
 * decision process, graceful-restart stale handling and the coalescing change stream.
 *
 * Storage is one {@link PrefixTable} of {@link Destination}s holding every peer's routes for a
 * prefix (as BIRD's tables do): a peer's Adj-RIB-In is the set of routes it owns there, each
 * keeping its received (pre-policy) and accepted (post-policy) interned attribute sets. So a
 * policy change re-evaluates from what the peer sent, without a route refresh.
 */
import type { AfiCode, IpAddress, PathAttributes, Prefix, UpdateMessage } from "@tsbgp/bgp-wire";
import { AttrStore, type AttrSet } from "./attr-store.js";
import type { RouteChange, RouteChangeListener } from "./change.js";
import { ChangeStream } from "./change-stream.js";
import type { AdjRibInEntry, PeerInit, RibCounters, RibInit, UpdateOutcome } from "./rib-types.js";
import {
  alwaysReachable,
  type NextHopResolver,
  type ResolvedDecisionOptions,
  resolveDecisionOptions,
} from "./decision/options.js";
import { rankRoutes } from "./decision/select.js";
import { RibError, RibErrorCode } from "./errors.js";
import type { LoopCheckContext } from "./import-check.js";
import { type Peer, PeerKind } from "./peer.js";
import { acceptAll, type Policy } from "./policy/types.js";
import { canonicalPrefix } from "./prefix-key.js";
import { PrefixTable } from "./prefix-table.js";
import {
  type Dest,
  bestOf,
  destAfi,
  destOf,
  destPrefix,
  destV4Key,
  routeAt,
  routeCount,
  routesOf,
} from "./dest.js";
import { Destination } from "./destination.js";
import type { Route } from "./route.js";
import { RouteEditor } from "./route-editor.js";
import { LazyIpv4 } from "./lazy-ipv4.js";
import { clearImportMemo, endSession, type PeerState, peerState } from "./peer-state.js";
import { classifyUpdate, isLazyUpdate } from "./update-parts.js";

const LOCAL_ADDRESS: IpAddress = Object.freeze({ afi: 1, addr: 0 });

/** Adj-RIB-In + Loc-RIB + decision process + change stream. */
export class Rib {
  /** Our AS. */
  readonly asn: number;
  /** Our router ID. */
  readonly routerId: number;
  /** Our RFC 4456 cluster ID. */
  readonly clusterId: number;
  /** The interned attribute sets. */
  readonly store: AttrStore;
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

  private readonly table = new PrefixTable<Dest>(destV4Key);
  private readonly peerStates: (PeerState | undefined)[] = [];
  private readonly changes: ChangeStream;
  private readonly loopCtx: LoopCheckContext;
  private readonly edit: RouteEditor;
  private readonly lazy: LazyIpv4;
  /** Creates an empty RIB. */
  constructor(init: RibInit) {
    this.asn = init.asn;
    this.store = new AttrStore({ ownAs: init.asn });
    this.routerId = init.routerId >>> 0;
    this.clusterId = (init.clusterId ?? init.routerId) >>> 0;
    this.decision = resolveDecisionOptions(init.decision);
    this.loopCtx = { asn: this.asn, routerId: this.routerId, clusterId: this.clusterId };
    const schedule = init.schedule === undefined ? (f: () => void) => queueMicrotask(f) : init.schedule;
    this.changes = new ChangeStream(schedule, (d, prefix) => {
      if (routeCount(d) === 0 && this.table.get(prefix) === d) this.table.delete(prefix);
    });
    this.edit = new RouteEditor(
      this.store,
      this.changes,
      this.counters,
      this.loopCtx,
      this.decision,
      init.resolver ?? alwaysReachable,
    );
    this.lazy = new LazyIpv4(this.table, this.edit, this.store, this.counters);
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
    endSession(this.state(peer));
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
   * session ends (`peerDown`, `removePeer`, `markStale`). The outcome is read-only and may be
   * a frozen object shared by other calls (an UPDATE that only announces): copy it to keep it.
   */
  applyUpdate(peer: Peer, msg: UpdateMessage): UpdateOutcome {
    const ps = this.state(peer);
    if (isLazyUpdate(msg)) {
      const fast = this.lazy.apply(ps, msg);
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
      this.lazy.announceV4(ps, prefix.addr, prefix.len, pathId, rs);
      return;
    }
    this.counters.announced++;
    const canonical = canonicalPrefix(prefix);
    let d = this.table.get(canonical);
    if (d === undefined) {
      d = destOf(canonical);
      this.table.set(canonical, d);
    }
    this.edit.place(ps, d, pathId, rs);
  }

  private withdrawOne(ps: PeerState, prefix: Prefix, pathId: number): boolean {
    const d = this.table.get(prefix);
    return d !== undefined && this.edit.unplace(ps, d, pathId);
  }

  private removeWhere(pred: (r: Route, d: Dest) => boolean): number {
    let n = 0;
    for (const d of this.table.values()) n += this.edit.removeMatching(d, pred);
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
    endSession(ps);
    for (const f of afi === undefined ? ([1, 2] as const) : [afi]) ps.staleFamilies.add(f);
    let n = 0;
    for (const d of this.table.values()) {
      if (afi !== undefined && destAfi(d) !== afi) continue;
      for (let i = 0; i < routeCount(d); i++) {
        const r = routeAt(d, i)!;
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
    const n = this.removeWhere(
      (r, d) => r.peer === peer && r.stale && (afi === undefined || destAfi(d) === afi),
    );
    this.counters.staleSwept += n;
    return n;
  }

  /** Replaces a peer's import policy and re-evaluates its routes from Adj-RIB-In pre-policy. */
  setImportPolicy(peer: Peer, policy: Policy): number {
    const ps = this.state(peer);
    ps.importPolicy = policy;
    clearImportMemo(ps);
    let n = 0;
    for (const d of this.table.values()) n += this.edit.reimport(ps, d);
    return n;
  }

  /** Changes the next-hop resolver (an IGP change) and re-runs every decision. */
  setResolver(resolver: NextHopResolver): void {
    this.edit.resolver = resolver;
    for (const d of this.table.values()) this.edit.decide(d);
  }

  /** The destination for exactly this prefix (a read-only view; see {@link Destination}). */
  lookup(prefix: Prefix): Destination | undefined {
    const d = this.table.get(prefix);
    return d && routeCount(d) > 0 ? new Destination(d) : undefined;
  }

  /** The best route for exactly this prefix, or null (no view made: for per-prefix loops). */
  best(prefix: Prefix): Route | null {
    const d = this.table.get(prefix);
    return d === undefined ? null : bestOf(d);
  }

  /** The most specific destination covering `addr` (a read-only view; see {@link Destination}). */
  longestMatch(addr: IpAddress): Destination | undefined {
    const d = this.table.longestMatch(addr);
    return d && routeCount(d) > 0 ? new Destination(d) : undefined;
  }

  /** Every destination with at least one route (read-only views; see {@link Destination}). */
  *destinations(): IterableIterator<Destination> {
    for (const d of this.table.values()) if (routeCount(d) > 0) yield new Destination(d);
  }

  /** Number of prefixes with at least one route (including those pending removal). */
  get prefixCount(): number {
    return this.table.size;
  }

  /** All usable routes of a destination, best first (for ADD-PATH "all" / "best N" export). */
  ranked(d: Destination): Route[] {
    const best = bestOf(d.record);
    const rest = rankRoutes(routesOf(d.record), this.decision).filter((r) => r !== best);
    return best ? [best, ...rest] : rest;
  }

  /** A peer's Adj-RIB-In, before (`pre`) or after (`post`) the import policy. */
  *adjRibIn(peer: Peer, side: "pre" | "post" = "post"): IterableIterator<AdjRibInEntry> {
    this.state(peer);
    for (const d of this.table.values()) {
      let prefix: Prefix | undefined;
      for (const r of routesOf(d)) {
        if (r.peer !== peer) continue;
        const set = side === "pre" ? r.received : r.attrs;
        prefix ??= destPrefix(d);
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
