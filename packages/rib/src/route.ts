/**
 * Per-route and per-prefix records. A {@link Route} is one path from one peer (one ADD-PATH
 * path ID) for one prefix; it is immutable apart from the graceful-restart stale flag and the
 * next-hop facts refreshed by each decision run, so "did the best path change" is an identity
 * check. A {@link Destination} is one prefix with all its candidate routes and the decision's
 * outcome. Neither holds strings: prefixes are compact and attributes are interned.
 *
 * One Route object may stand for the same path in several destinations: the prefixes of one
 * UPDATE share a peer, attribute set and (usually) path IDs, so the RIB reuses the route it made
 * for the previous prefix (most of a full table's routes; a million fewer objects to allocate
 * and collect). What could differ per prefix never goes through a shared object: the stale flag
 * is copy-on-write (see {@link Route.shared}), and the next-hop facts depend only on the route's
 * next hop, which the sharers have in common.
 */
import type { Prefix } from "@tsbgp/bgp-wire";
import type { AttrSet } from "./attr-store.js";
import { DecisionReason, type DecisionReasonName } from "./decision/reason.js";
import type { Peer } from "./peer.js";

const STALE = 1;
const UNREACHABLE = 2;
const SHARED = 4;
const FLAGS = STALE | UNREACHABLE | SHARED;
const MAX_COST = 2 ** 28 - 1;

// Small values (the common case: no ADD-PATH, first path, cost 0) pack into one small integer,
// bits 0-2 stale/unreachable/shared, 3-11 IGP cost, 12-19 our path ID, 20-29 the received path
// ID, which saves two fields (16 bytes) per route. Larger values live in a RouteExtra instead, as
// does a post-policy set that differs from the received one (the common accept-all case keeps
// one set for both, so a route is three fields).
const COST_SHIFT = 3;
const COST_MAX = 0x1ff;
const TX_SHIFT = 12;
const TX_MAX = 0xff;
const RX_SHIFT = 20;
const RX_MAX = 0x3ff;

/** The per-route facts when one is too large to pack or the post-policy set is another one. */
class RouteExtra {
  constructor(
    public pathId: number,
    public txPathId: number,
    public flags: number,
    public igpCost: number,
    readonly attrs: AttrSet | null,
  ) {}
}

function pack(
  pathId: number,
  txPathId: number,
  flags: number,
  cost: number,
  received: AttrSet,
  attrs: AttrSet | null,
): number | RouteExtra {
  return attrs === received &&
    pathId <= RX_MAX &&
    txPathId <= TX_MAX &&
    cost <= COST_MAX &&
    pathId >= 0 &&
    txPathId >= 0
    ? (pathId << RX_SHIFT) | (txPathId << TX_SHIFT) | (cost << COST_SHIFT) | flags
    : new RouteExtra(pathId, txPathId, flags, cost, attrs);
}

/** One received (or locally originated) path. */
export class Route {
  /** The peer it came from. */
  readonly peer: Peer;
  /** Pre-import-policy attributes (Adj-RIB-In pre-policy). */
  readonly received: AttrSet;
  // Path IDs, stale/unreachable bits and IGP cost: packed, or a RouteExtra (see `pack`).
  private bits: number | RouteExtra;

  /**
   * Routes are made by the RIB.
   * @param pathId ADD-PATH path ID it was received with (0 without ADD-PATH)
   * @param txPathId path ID we use when sending it with ADD-PATH; unique within its destination
   */
  constructor(peer: Peer, pathId: number, received: AttrSet, attrs: AttrSet | null, txPathId: number) {
    this.peer = peer;
    this.received = received;
    this.bits = pack(pathId, txPathId, 0, 0, received, attrs);
  }

  /**
   * A route (what the constructor makes), as the RIB makes them: an object literal, for the
   * reason given at {@link Destination.of}.
   */
  static make(peer: Peer, pathId: number, received: AttrSet, attrs: AttrSet | null, txPathId: number): Route {
    return {
      __proto__: Route.prototype,
      peer,
      received,
      bits: pack(pathId, txPathId, 0, 0, received, attrs),
    } as unknown as Route;
  }

  /** Post-import-policy attributes, or null when the import policy or a loop check rejected it. */
  get attrs(): AttrSet | null {
    const b = this.bits;
    return typeof b === "number" ? this.received : b.attrs;
  }

  /** ADD-PATH path ID it was received with (0 without ADD-PATH). */
  get pathId(): number {
    const b = this.bits;
    return typeof b === "number" ? b >>> RX_SHIFT : b.pathId;
  }

  /** Path ID we use when sending this path with ADD-PATH; unique within its destination. */
  get txPathId(): number {
    const b = this.bits;
    return typeof b === "number" ? (b >>> TX_SHIFT) & TX_MAX : b.txPathId;
  }

  private get flags(): number {
    const b = this.bits;
    return typeof b === "number" ? b & FLAGS : b.flags;
  }

  private setFlags(flags: number): void {
    const b = this.bits;
    if (typeof b === "number") this.bits = (b & ~FLAGS) | flags;
    else b.flags = flags;
  }

  /**
   * Set once the RIB has placed this object in more than one destination. Its stale flag then
   * belongs to all of them, so a re-announcement of one of the prefixes must not clear it: the
   * RIB puts a fresh copy there instead ({@link Route.unshared}).
   */
  get shared(): boolean {
    return (this.flags & SHARED) !== 0;
  }

  /** Marks this object as held by more than one destination (see {@link Route.shared}). */
  markShared(): void {
    const f = this.flags;
    if ((f & SHARED) === 0) this.setFlags(f | SHARED);
  }

  /** A private copy for one destination: same path, next-hop facts and stale flag, not shared. */
  unshared(): Route {
    const r = Route.make(this.peer, this.pathId, this.received, this.attrs, this.txPathId);
    r.setFlags(this.flags & ~SHARED);
    r.igpCost = this.igpCost;
    return r;
  }

  /** Graceful restart: the peer restarted and has not re-announced this route yet (RFC 4724 §4.2). */
  get stale(): boolean {
    return (this.flags & STALE) !== 0;
  }
  set stale(v: boolean) {
    this.setFlags(v ? this.flags | STALE : this.flags & ~STALE);
  }

  /** Next hop resolvable, as of the last decision run. */
  get reachable(): boolean {
    return (this.flags & UNREACHABLE) === 0;
  }
  set reachable(v: boolean) {
    // Usually unchanged: a shared route is set again by every prefix of its UPDATE.
    const f = this.flags;
    const next = v ? f & ~UNREACHABLE : f | UNREACHABLE;
    if (next !== f) this.setFlags(next);
  }

  /** IGP cost to the next hop, as of the last decision run (capped at 2^28 - 1). */
  get igpCost(): number {
    const b = this.bits;
    return typeof b === "number" ? (b >>> COST_SHIFT) & COST_MAX : b.igpCost;
  }
  set igpCost(v: number) {
    const cost = Math.min(Math.max(0, Math.floor(v)), MAX_COST);
    const b = this.bits;
    if (typeof b !== "number") b.igpCost = cost;
    else if (cost === ((b >>> COST_SHIFT) & COST_MAX)) return;
    else this.bits = pack(this.pathId, this.txPathId, this.flags, cost, this.received, this.received);
  }
}

const REASONS: readonly DecisionReasonName[] = Object.values(DecisionReason);
const LEN_MASK = 0xff;
const V6 = 0x100;
const DIRTY = 0x200;
const REASON_SHIFT = 10;

/**
 * One prefix in the Loc-RIB, with every candidate route and the chosen best path. The prefix is
 * stored inline (IPv4 address as an int32, or the 16 IPv6 bytes) with its length, family, the
 * decision reason and the dirty flag packed in one integer; `prefix` builds the object form.
 */
export class Destination {
  // Routes and ECMP set: a lone route is stored bare (most prefixes have one), else an array
  // that is copy-on-write (replaced, never mutated) so it can be shared and compared.
  private r: Route | readonly Route[] = NONE;
  private e: Route | readonly Route[] = NONE;
  private readonly addr: number | Uint8Array;
  private meta: number;

  /** Destinations are made by the RIB from a canonical prefix (host bits cleared). */
  constructor(prefix: Prefix) {
    // IPv6 bytes are copied: the caller's array may be reused or changed later.
    this.addr = prefix.afi === 1 ? prefix.addr | 0 : new Uint8Array(prefix.addr);
    this.meta = prefix.len | (prefix.afi === 2 ? V6 : 0);
  }

  /**
   * A destination for a canonical prefix, as the RIB makes them: an object literal with this
   * class's prototype, not `new`. V8 tracks where literals are allocated and, seeing that nearly
   * all of these live long, allocates them straight in the old generation (allocation-site
   * pretenuring, which it does not do for constructor calls); a constructed table's objects are
   * copied by every young-generation collection they survive. Measured on the harness's 1M-prefix
   * feed: DUT CPU 1.96 -> 1.54 s for this and {@link Route.make} together.
   */
  static of(prefix: Prefix): Destination {
    if (prefix.afi === 1) return Destination.ipv4(prefix.addr, prefix.len);
    // The IPv6 bytes are copied: the caller's array may be reused or changed later.
    const d = {
      __proto__: Destination.prototype,
      r: NONE,
      e: NONE,
      addr: new Uint8Array(prefix.addr),
      meta: prefix.len | V6,
    };
    return d as unknown as Destination;
  }

  /** A destination for an IPv4 prefix given as numbers (`addr` with host bits cleared). */
  static ipv4(addr: number, len: number): Destination {
    // Same shape (fields in the same order) as `of` and the constructor.
    const d = { __proto__: Destination.prototype, r: NONE, e: NONE, addr: addr | 0, meta: len };
    return d as unknown as Destination;
  }

  /**
   * An IPv4 destination's masked address as an int32: the key the RIB's prefix index reads from
   * the destination itself instead of keeping a copy (meaningless for IPv6).
   */
  static v4Key(d: Destination): number {
    return d.addr as number;
  }

  /** The prefix (a fresh object on each call: keep it if you need identity). */
  get prefix(): Prefix {
    const len = this.meta & LEN_MASK;
    return typeof this.addr === "number"
      ? { afi: 1, addr: this.addr >>> 0, len }
      : { afi: 2, addr: this.addr, len };
  }

  /** Address family of the prefix. */
  get afi(): 1 | 2 {
    return (this.meta & V6) !== 0 ? 2 : 1;
  }

  /** All routes for the prefix, accepted or not, in arrival order (do not mutate). */
  get routes(): readonly Route[] {
    const r = this.r;
    return r instanceof Route ? [r] : r;
  }
  set routes(v: readonly Route[]) {
    this.r = v.length === 1 ? v[0]! : v;
  }

  /** Number of routes, without building an array. */
  get routeCount(): number {
    const r = this.r;
    return r instanceof Route ? 1 : r.length;
  }

  /** The i-th route, without building an array. */
  routeAt(i: number): Route | undefined {
    const r = this.r;
    return r instanceof Route ? (i === 0 ? r : undefined) : r[i];
  }

  /** The multipath set, best first (empty when there is no best; do not mutate). */
  get ecmp(): readonly Route[] {
    const e = this.e;
    return e instanceof Route ? [e] : e;
  }
  set ecmp(v: readonly Route[]) {
    this.e = v.length === 1 ? v[0]! : v;
  }

  /** The ECMP set as stored (a lone route bare): for cheap identity comparison. */
  get ecmpRaw(): Route | readonly Route[] {
    return this.e;
  }

  /** Stores the ECMP set in its raw form (see {@link Destination.ecmpRaw}). */
  setEcmpRaw(v: Route | readonly Route[]): void {
    this.e = v;
  }

  /** Stores a lone route as the destination's only route. */
  setOnlyRoute(r: Route): void {
    this.r = r;
  }

  /** The best route, or null when no route is usable. */
  get best(): Route | null {
    const e = this.e;
    return e instanceof Route ? e : (e[0] ?? null);
  }

  /** Why the best won against its closest contender. */
  get reason(): DecisionReasonName | null {
    const i = this.meta >>> REASON_SHIFT;
    return i === 0 ? null : REASONS[i - 1]!;
  }
  set reason(r: DecisionReasonName | null) {
    const i = r === null ? 0 : REASONS.indexOf(r) + 1;
    this.meta = (this.meta & ((1 << REASON_SHIFT) - 1)) | (i << REASON_SHIFT);
  }

  /** Set while the destination waits in the change stream's dirty list. */
  get dirty(): boolean {
    return (this.meta & DIRTY) !== 0;
  }
  set dirty(v: boolean) {
    this.meta = v ? this.meta | DIRTY : this.meta & ~DIRTY;
  }

  /** A path ID for a new route: one above the highest in use. */
  nextTxPathId(): number {
    let max = 0;
    for (let i = 0; i < this.routeCount; i++) max = Math.max(max, this.routeAt(i)!.txPathId);
    return max + 1;
  }
}

const NONE: readonly Route[] = Object.freeze([]);
