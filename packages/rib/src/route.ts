/**
 * Per-route records. A {@link Route} is one path from one peer (one ADD-PATH path ID) for one
 * prefix; it is immutable apart from the graceful-restart stale flag and the next-hop facts
 * refreshed by each decision run, so "did the best path change" is an identity check. It holds
 * no strings: attributes are interned. (The per-prefix record is `dest.ts`'s.)
 *
 * One Route object may stand for the same path in several destinations: the prefixes of one
 * UPDATE share a peer, attribute set and (usually) path IDs, so the RIB reuses the route it made
 * for the previous prefix (most of a full table's routes; a million fewer objects to allocate
 * and collect). What could differ per prefix never goes through a shared object: the stale flag
 * is copy-on-write (see {@link Route.shared}), and the next-hop facts depend only on the route's
 * next hop, which the sharers have in common.
 */
import type { AttrSet } from "./attr-store.js";
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
   * A route (what the constructor makes), as the RIB makes them: an object literal, not `new`.
   * V8 tracks where literals are allocated and, seeing that nearly all of these live long,
   * allocates them straight in the old generation (allocation-site pretenuring, which it does
   * not do for constructor calls); constructed ones were copied by every young-generation
   * collection they survived. The `__proto__` entry costs a runtime call per object (~35 ns),
   * acceptable here as the RIB makes a route per UPDATE, not per prefix (see {@link Route.shared});
   * the per-prefix records of `dest.ts` have no prototype for that reason.
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
