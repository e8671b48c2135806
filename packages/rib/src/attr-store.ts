/**
 * Interned, reference-counted attribute sets (STYLE.md: "the RIB interns attribute sets").
 * Every distinct set is one frozen {@link AttrSet} shared by all routes that carry it; the
 * decision process reads the facts precomputed here instead of walking attributes per route,
 * and the Adj-RIB-Out groups prefixes into one UPDATE by the set's identity.
 */
import type { IpAddress, Ipv4Address, PathAttributes } from "@tsbgp/bgp-wire";
import { Origin } from "@tsbgp/bgp-wire";
import { asPathLength, neighborAs } from "./as-path.js";
import { attributesEqual, attributesHash } from "./attr-hash.js";
import { ownedAttributes } from "./attr-key.js";
import { IntMap } from "./int-map.js";

const NO_HOPS: readonly IpAddress[] = Object.freeze([]);
// Weak: a list lives as long as its next-hop object does.
const HOP_LISTS = new WeakMap<IpAddress, readonly IpAddress[]>();

/** One interned attribute set with the facts the decision process compares. */
export class AttrSet {
  /** Number of routes (and other holders) referencing this set; freed at 0. */
  refs = 0;
  /** AS_PATH length per RFC 4271 §9.1.2.2 a (AS_SET = 1, confederation segments = 0). */
  readonly pathLength: number;
  /** Neighbouring AS for MED comparison (see `neighborAs`). */
  readonly neighborAs: number;

  /** Use {@link AttrStore.intern}; sets are only made by the store. */
  constructor(
    /** Interning hash ({@link attributesHash}), as an int32. */
    readonly hash: number,
    /** The frozen attributes. */
    readonly attrs: PathAttributes,
  ) {
    this.pathLength = asPathLength(attrs.asPath);
    this.neighborAs = neighborAs(attrs.asPath);
  }

  /** ORIGIN, INCOMPLETE when absent (the least preferred, as BIRD does). */
  get origin(): number {
    return this.attrs.origin ?? Origin.INCOMPLETE;
  }

  /** The route's next hop: MP_REACH_NLRI's when present, else NEXT_HOP. */
  get nextHop(): IpAddress | null {
    return this.attrs.mpReach?.nextHop ?? this.attrs.nextHop ?? null;
  }

  /**
   * `[nextHop]` (or `[]` without one) as a frozen array shared by every change whose single
   * best path has this next hop: IPv4 next-hop objects are shared by the store, so one list per
   * next hop serves all sets (kept beside the next hop, not in the set: no per-set cost).
   */
  get nextHops(): readonly IpAddress[] {
    const nh = this.nextHop;
    if (nh === null) return NO_HOPS;
    let list = HOP_LISTS.get(nh);
    if (list === undefined) {
      list = Object.freeze([nh]);
      HOP_LISTS.set(nh, list);
    }
    return list;
  }

  /** CLUSTER_LIST length (RFC 4456 §9). */
  get clusterLength(): number {
    return this.attrs.clusterList?.length ?? 0;
  }
}

/** The set of interned attribute sets of one RIB. */
export class AttrStore {
  // Hash → the set, or the sets sharing that hash (collisions are rare).
  private readonly sets = new IntMap<AttrSet | AttrSet[]>();
  private count = 0;
  private readonly nextHops = new Map<number, Ipv4Address>();

  /** Number of distinct live sets. */
  get size(): number {
    return this.count;
  }

  /**
   * The shared set equal to `attrs`, with its reference count raised by one. The input may
   * alias a message buffer: it is copied (once per distinct set) before being kept.
   */
  intern(attrs: PathAttributes): AttrSet {
    const hash = attributesHash(attrs) | 0;
    const slot = this.sets.get(hash);
    let set: AttrSet | undefined;
    if (slot instanceof AttrSet) {
      if (attributesEqual(slot.attrs, attrs)) set = slot;
    } else if (slot !== undefined) set = slot.find((x) => attributesEqual(x.attrs, attrs));
    if (set === undefined) {
      set = new AttrSet(hash, ownedAttributes(attrs, this.shareNextHop));
      if (slot === undefined) this.sets.set(hash, set);
      else if (slot instanceof AttrSet) this.sets.set(hash, [slot, set]);
      else slot.push(set);
      this.count++;
    }
    set.refs++;
    return set;
  }

  // Next hops repeat across sets (one per peer, typically): share one frozen object each.
  private readonly shareNextHop = (addr: number): Ipv4Address => {
    let nh = this.nextHops.get(addr);
    if (nh === undefined) {
      nh = Object.freeze({ afi: 1, addr });
      if (this.nextHops.size < 65536) this.nextHops.set(addr, nh);
    }
    return nh;
  };

  /** Adds one more reference to a set already interned here. */
  retain(set: AttrSet): AttrSet {
    set.refs++;
    return set;
  }

  /** Drops one reference; the set is forgotten when none remain. */
  release(set: AttrSet): void {
    set.refs--;
    if (set.refs > 0) return;
    const slot = this.sets.get(set.hash);
    if (slot === set) {
      this.sets.delete(set.hash);
      this.count--;
    } else if (Array.isArray(slot)) {
      const i = slot.indexOf(set);
      if (i < 0) return;
      slot.splice(i, 1);
      this.count--;
      if (slot.length === 1) this.sets.set(set.hash, slot[0]!);
    }
  }

  /** True when this very set is live in the store (for tests and diagnostics). */
  has(set: AttrSet): boolean {
    const slot = this.sets.get(set.hash);
    return slot === set || (Array.isArray(slot) && slot.includes(set));
  }
}
