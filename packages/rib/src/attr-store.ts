/**
 * Interned, reference-counted attribute sets (STYLE.md: "the RIB interns attribute sets").
 * Every distinct set is one frozen {@link AttrSet} shared by all routes that carry it; the
 * decision process reads the facts precomputed here instead of walking attributes per route,
 * and the Adj-RIB-Out groups prefixes into one UPDATE by the set's identity.
 */
import type { IpAddress, Ipv4Address, PathAttributes } from "@tsbgp/bgp-wire";
import { Origin } from "@tsbgp/bgp-wire";
import { asPathCount, asPathLength, neighborAs } from "./as-path.js";
import { attributesEqual, attributesHash } from "./attr-hash.js";
import { ownedAttributes } from "./attr-key.js";
import { IntMap } from "./int-map.js";
import {
  decodeWire,
  WireAttr,
  Facts,
  fieldFacts,
  fieldFactsOut,
  wireAsCount,
  wireLength,
  wireListHas,
  wireOrigin,
  wireU32,
} from "./wire-attrs.js";
import { WireArena } from "./wire-arena.js";

// Mixed into wire-byte hashes so the two codings of AS numbers never share a bucket needlessly.
const WIRE_ASN2 = 0x2545f491;
const WIRE_ASN4 = 0x6a09e667;

const NO_HOPS: readonly IpAddress[] = Object.freeze([]);
// Weak: a list lives as long as its next-hop object does.
const HOP_LISTS = new WeakMap<IpAddress, readonly IpAddress[]>();

/**
 * The one object literal every {@link AttrSet} is made by: one allocation site, so every set has
 * the same hidden class (property reads stay monomorphic) and V8's pretenuring sees all of them.
 */
function literal(
  hash: number,
  facts: number,
  neighbor: number,
  decoded: PathAttributes | null,
  slab: Uint8Array | null,
  wireAt: number,
  wireLen: number,
  hop: IpAddress | null,
): AttrSet {
  const set = {
    __proto__: AttrSet.prototype,
    refs: 0,
    facts,
    neighborAs: neighbor,
    hash,
    decoded,
    slab,
    wireAt,
    wireLen,
    hop,
  };
  return set as unknown as AttrSet;
}

/** The packed facts (wire-attrs.ts `Facts`) of a decoded set. */
function factsOf(a: PathAttributes): number {
  return (
    Math.min(asPathLength(a.asPath), Facts.PATH_MASK) |
    (a.med !== undefined ? Facts.HAS_MED : 0) |
    (a.localPref !== undefined ? Facts.HAS_LOCAL_PREF : 0) |
    (a.originatorId !== undefined ? Facts.HAS_ORIGINATOR_ID : 0) |
    (a.clusterList !== undefined ? Facts.HAS_CLUSTER_LIST : 0)
  );
}

/** One interned attribute set with the facts the decision process compares. */
export class AttrSet {
  /** Number of routes (and other holders) referencing this set; freed at 0. */
  refs = 0;
  // AS_PATH length (RFC 4271 §9.1.2.2 a) and which of MED, LOCAL_PREF, ORIGINATOR_ID and
  // CLUSTER_LIST are present, packed (wire-attrs.ts `Facts`): a compact set answers "absent"
  // without walking its bytes, and the import checks and decisions ask that of most sets.
  private readonly facts: number;
  /** Neighbouring AS for MED comparison (see `neighborAs`). */
  readonly neighborAs: number;
  /** Interning hash, as an int32 ({@link attributesHash}, or the wire bytes' hash). */
  readonly hash: number;
  // The frozen attributes; null while the set is kept as wire bytes only (see wire-attrs.ts).
  private decoded: PathAttributes | null;
  // The kept form (wire-attrs.ts: lead byte, then the bytes) of a Path Attributes field that
  // decoded without any problem, at `wireAt` in `slab`, `wireLen` bytes long (kept after a
  // decode too: the store finds the set by them); slab null for a set made from an object.
  // Not readonly: the store moves the bytes when it compacts its arena (wire-arena.ts).
  private slab: Uint8Array | null;
  private wireAt: number;
  private readonly wireLen: number;
  // Next hop (MP_REACH_NLRI's, else NEXT_HOP): read on every decision, so kept decoded.
  private readonly hop: IpAddress | null;

  /**
   * Use {@link AttrStore.intern} / {@link AttrStore.internWire}; sets are only made by the store.
   * @param hop the next hop to keep (a shared object) instead of the one in `attrs`
   */
  constructor(hash: number, attrs: PathAttributes, hop?: IpAddress | null) {
    this.hash = hash;
    this.facts = factsOf(attrs);
    this.neighborAs = neighborAs(attrs.asPath);
    this.hop = hop !== undefined ? hop : (attrs.mpReach?.nextHop ?? attrs.nextHop ?? null);
    this.decoded = attrs;
    this.slab = null;
    this.wireAt = 0;
    this.wireLen = 0;
  }

  /**
   * What the constructor makes, as an object literal with this class's prototype: V8 allocates
   * literals whose objects tend to live long straight in the old generation (see `Route.make`,
   * also on what the prototype costs), and a full table is ~200k sets that would otherwise be
   * copied by every young-generation collection they survive.
   */
  static make(hash: number, attrs: PathAttributes, hop?: IpAddress | null): AttrSet {
    return literal(
      hash,
      factsOf(attrs),
      neighborAs(attrs.asPath),
      attrs,
      null,
      0,
      0,
      hop !== undefined ? hop : (attrs.mpReach?.nextHop ?? attrs.nextHop ?? null),
    );
  }

  /**
   * A set kept as the wire bytes of a field that decoded cleanly, made from those bytes alone:
   * `facts` and `neighbor` as `fieldFacts` reads them from the field (what {@link AttrSet.make}
   * computes from the decoded path). For the RIB's UPDATE fast path, which never decodes a clean
   * field (see `LazyUpdateMessage.action`). The kept form is at `wireAt` in `slab`.
   */
  static makeWire(
    hash: number,
    slab: Uint8Array,
    wireAt: number,
    wireLen: number,
    facts: number,
    neighbor: number,
    hop: IpAddress | null,
  ): AttrSet {
    return literal(hash, facts, neighbor, null, slab, wireAt, wireLen, hop);
  }

  /** AS_PATH length per RFC 4271 §9.1.2.2 a (AS_SET = 1, confederation segments = 0). */
  get pathLength(): number {
    return this.facts & Facts.PATH_MASK;
  }

  /**
   * How often the interning store's own AS occurs in AS_PATH, counted when the set was made from
   * its bytes; -1 when not counted (see {@link AttrStore.asCount}).
   */
  get ownAsCount(): number {
    return ((this.facts >>> Facts.OWN_AS_SHIFT) & 7) - 1;
  }

  /** How many times `asn` occurs in AS_PATH (loop detection), read in place when compact. */
  asCount(asn: number): number {
    const d = this.decoded;
    return d === null ? wireAsCount(this.slab!, this.wireAt, this.wireLen, asn) : asPathCount(d.asPath, asn);
  }

  /** True when CLUSTER_LIST holds `clusterId` (RFC 4456 §8), read in place when compact. */
  clusterListHas(clusterId: number): boolean {
    const d = this.decoded;
    if (d === null)
      return (
        (this.facts & Facts.HAS_CLUSTER_LIST) !== 0 &&
        wireListHas(this.slab!, this.wireAt, this.wireLen, WireAttr.CLUSTER_LIST, clusterId)
      );
    return d.clusterList?.includes(clusterId) ?? false;
  }

  /** The frozen attributes (decoded on first access when the set was kept as wire bytes). */
  get attrs(): PathAttributes {
    this.decoded ??= this.decodeWire();
    return this.decoded;
  }

  /**
   * The attributes without keeping a decoded copy: for one-off reads (building an outgoing
   * set for export) that should not make a compact set large for the rest of its life.
   */
  peekAttrs(): PathAttributes {
    if (this.decoded !== null) return this.decoded;
    return this.decodeWire();
  }

  /** True when the set keeps the wire bytes it was interned from (see {@link AttrStore.internWire}). */
  get keepsWire(): boolean {
    return this.slab !== null;
  }

  /**
   * True when this set was interned from a Path Attributes field with exactly the bytes
   * `field[from, to)`, coded with 4-octet AS numbers when `asn4` (as {@link AttrStore.internWire}
   * was told). `asn4` undefined: the caller matches the AS coding itself.
   */
  wireEquals(field: Uint8Array, from: number, to: number, asn4?: boolean): boolean {
    const w = this.slab;
    if (w === null || this.wireLen !== to - from + 1) return false;
    const o = this.wireAt;
    if (asn4 !== undefined && w[o] !== (asn4 ? 1 : 0)) return false;
    for (let i = from, j = o + 1; i < to; i++, j++) if (w[j] !== field[i]) return false;
    return true;
  }

  /**
   * Places this set's kept form in `arena` again (the store compacting: see wire-arena.ts);
   * nothing for a set without one.
   */
  moveWire(arena: WireArena): void {
    const w = this.slab;
    if (w === null) return;
    const o = this.wireAt;
    this.wireAt = arena.place(w, o + 1, o + this.wireLen, w[o]!);
    this.slab = arena.slab;
  }

  /** Bytes of the kept form (lead byte included), 0 without one. */
  get wireSize(): number {
    return this.slab === null ? 0 : this.wireLen;
  }

  /** True while only the wire bytes are held (nothing has asked for the decoded object yet). */
  get compact(): boolean {
    return this.decoded === null;
  }

  private decodeWire(): PathAttributes {
    // Frozen and owned like every interned set, sharing the next-hop object the set holds.
    const hop = this.hop;
    return ownedAttributes(decodeWire(this.slab!, this.wireAt, this.wireLen), (addr) =>
      hop !== null && hop.afi === 1 && hop.addr === addr ? hop : Object.freeze({ afi: 1, addr }),
    );
  }

  /** MULTI_EXIT_DISC, or undefined when absent. */
  get med(): number | undefined {
    const d = this.decoded;
    if (d !== null) return d.med;
    return (this.facts & Facts.HAS_MED) === 0
      ? undefined
      : wireU32(this.slab!, this.wireAt, this.wireLen, WireAttr.MED);
  }

  /** LOCAL_PREF, or undefined when absent. */
  get localPref(): number | undefined {
    const d = this.decoded;
    if (d !== null) return d.localPref;
    return (this.facts & Facts.HAS_LOCAL_PREF) === 0
      ? undefined
      : wireU32(this.slab!, this.wireAt, this.wireLen, WireAttr.LOCAL_PREF);
  }

  /** ORIGINATOR_ID (RFC 4456), or undefined when absent. */
  get originatorId(): number | undefined {
    const d = this.decoded;
    if (d !== null) return d.originatorId;
    return (this.facts & Facts.HAS_ORIGINATOR_ID) === 0
      ? undefined
      : wireU32(this.slab!, this.wireAt, this.wireLen, WireAttr.ORIGINATOR_ID);
  }

  /** ORIGIN, INCOMPLETE when absent (the least preferred, as BIRD does). */
  get origin(): number {
    const d = this.decoded;
    return (d === null ? wireOrigin(this.slab!, this.wireAt, this.wireLen) : d.origin) ?? Origin.INCOMPLETE;
  }

  /** The route's next hop: MP_REACH_NLRI's when present, else NEXT_HOP. */
  get nextHop(): IpAddress | null {
    return this.hop;
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
    const d = this.decoded;
    if (d !== null) return d.clusterList?.length ?? 0;
    if ((this.facts & Facts.HAS_CLUSTER_LIST) === 0) return 0;
    const len = wireLength(this.slab!, this.wireAt, this.wireLen, WireAttr.CLUSTER_LIST);
    return len < 0 ? 0 : len >>> 2;
  }
}

/** The set of interned attribute sets of one RIB. */
export class AttrStore {
  // Hash → the set, or the sets sharing that hash (collisions are rare).
  private readonly sets = new IntMap<AttrSet | AttrSet[]>();
  private count = 0;
  private readonly nextHops = new Map<number, Ipv4Address>();
  // The kept forms of the compact sets.
  private readonly arena = new WireArena();
  // The AS counted in AS_PATH while interning from bytes (-1: none).
  private readonly ownAs: number;

  /**
   * An empty store.
   * @param init.ownAs our AS number: sets interned from their bytes count its occurrences in
   *   AS_PATH in the same walk as their other facts, for the loop check ({@link AttrStore.asCount})
   */
  constructor(init: { readonly ownAs?: number } = {}) {
    this.ownAs = init.ownAs ?? -1;
  }

  /**
   * How many times `asn` occurs in the set's AS_PATH (RFC 4271 §9.1.2 loop detection): counted
   * when the set was interned if `asn` is this store's own AS, else walked.
   */
  asCount(set: AttrSet, asn: number): number {
    if (asn === this.ownAs) {
      const n = set.ownAsCount;
      if (n >= 0) return n;
    }
    return set.asCount(asn);
  }

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
    // Sets still compact (wire bytes only) are not compared: that would decode them for good,
    // and the hashes differ anyway.
    if (slot instanceof AttrSet) {
      if (!slot.compact && attributesEqual(slot.attrs, attrs)) set = slot;
    } else if (slot !== undefined) set = slot.find((x) => !x.compact && attributesEqual(x.attrs, attrs));
    set ??= this.add(hash, slot, AttrSet.make(hash, ownedAttributes(attrs, this.shareNextHop)));
    set.refs++;
    return set;
  }

  /**
   * The shared set for a Path Attributes field, kept as its wire bytes (a compact set: see
   * wire-attrs.ts), with its reference count raised by one. Only for a field that decoded
   * without any RFC 7606 problem, without MP_REACH_NLRI / MP_UNREACH_NLRI.
   * @param bytes the field (may alias a message buffer: it is copied)
   * @param bytesHash a hash of `bytes` (as `hashBytes` computes)
   * @param asn4 whether the session decodes 4-octet AS numbers (RFC 6793)
   * @param decoded what `bytes` decoded to (for the facts the decision reads; not kept), or
   *   undefined to read those facts from the bytes themselves (no decode at all)
   */
  internWire(bytes: Uint8Array, bytesHash: number, asn4: boolean, decoded?: PathAttributes): AttrSet {
    return this.internWireAt(bytes, 0, bytes.length, bytesHash, asn4, decoded);
  }

  /**
   * {@link AttrStore.internWire} for the field `buf[from, to)`, read in place (no view of it
   * needed: the RIB's UPDATE path passes the message buffer and the field's bounds).
   */
  internWireAt(
    buf: Uint8Array,
    from: number,
    to: number,
    bytesHash: number,
    asn4: boolean,
    decoded?: PathAttributes,
  ): AttrSet {
    const hash = (bytesHash ^ (asn4 ? WIRE_ASN4 : WIRE_ASN2)) | 0;
    const slot = this.sets.get(hash);
    let set: AttrSet | undefined;
    if (slot instanceof AttrSet) {
      if (slot.wireEquals(buf, from, to, asn4)) set = slot;
    } else if (slot !== undefined) set = slot.find((x) => x.wireEquals(buf, from, to, asn4));
    if (set === undefined) {
      const arena = this.arena;
      const at = arena.place(buf, from, to, asn4 ? 1 : 0);
      const len = to - from + 1;
      if (decoded === undefined) {
        const facts = fieldFacts(buf, from, to, asn4, this.ownAs);
        const nh = fieldFactsOut.nextHop;
        const hop = nh < 0 ? null : this.shareNextHop(nh);
        set = AttrSet.makeWire(hash, arena.slab, at, len, facts, fieldFactsOut.neighborAs, hop);
      } else {
        const nh = decoded.nextHop;
        const hop = nh === undefined ? null : this.shareNextHop(nh.addr);
        set = AttrSet.makeWire(hash, arena.slab, at, len, factsOf(decoded), neighborAs(decoded.asPath), hop);
      }
      this.add(hash, slot, set);
    }
    set.refs++;
    return set;
  }

  /** Files a new set under its hash, beside any others there (`slot`: what the hash held). */
  private add(hash: number, slot: AttrSet | AttrSet[] | undefined, set: AttrSet): AttrSet {
    if (slot === undefined) this.sets.set(hash, set);
    else if (slot instanceof AttrSet) this.sets.set(hash, [slot, set]);
    else slot.push(set);
    this.count++;
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
    } else if (Array.isArray(slot)) {
      const i = slot.indexOf(set);
      if (i < 0) return;
      slot.splice(i, 1);
      if (slot.length === 1) this.sets.set(set.hash, slot[0]!);
    } else return;
    this.count--;
    const size = set.wireSize;
    if (size === 0) return;
    this.arena.free(size);
    if (this.arena.wantsCompaction) this.compactWire();
  }

  /** Moves the kept form of every live set into fresh slabs, dropping the freed bytes. */
  private compactWire(): void {
    const arena = this.arena;
    arena.restart(arena.liveBytes);
    for (const v of this.sets.values()) {
      if (v instanceof AttrSet) v.moveWire(arena);
      else for (const x of v) x.moveWire(arena);
    }
  }

  /** Bytes the kept forms of live compact sets take, and freed bytes not yet reclaimed. */
  get wireBytes(): { readonly live: number; readonly dead: number } {
    return { live: this.arena.liveBytes, dead: this.arena.deadBytes };
  }

  /** True when this very set is live in the store (for tests and diagnostics). */
  has(set: AttrSet): boolean {
    const slot = this.sets.get(set.hash);
    return slot === set || (Array.isArray(slot) && slot.includes(set));
  }
}
