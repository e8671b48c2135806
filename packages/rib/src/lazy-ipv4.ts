/**
 * The RIB's fast path for IPv4 UPDATEs decoded lazily (what a speaker gets from the framer):
 * the NLRI and withdrawn fields are walked in place with `forEachIpv4Nlri` (no prefix objects,
 * addresses as int32s), and the Path Attributes field is decoded and interned only the first
 * time its bytes are seen in the session (the peer's `RawAttrCache`). Anything else goes the
 * general path in `Rib.applyUpdate`.
 */
import { forEachIpv4Nlri, type Ipv4NlriVisitor, type LazyUpdateMessage } from "@tsbgp/bgp-wire";
import type { AttrSet, AttrStore } from "./attr-store.js";
import type { PeerState } from "./peer-state.js";
import type { PrefixTable } from "./prefix-table.js";
import { hashBytes } from "./raw-attr-cache.js";
import type { RibCounters, UpdateOutcome } from "./rib-types.js";
import { type Dest, destV4 } from "./dest.js";
import type { RouteEditor } from "./route-editor.js";
import { treatsAsWithdraw } from "./update-parts.js";

/**
 * The outcome of an UPDATE that only announces `n` prefixes (the common one), shared and frozen
 * for n below 256: a full table is ~220k UPDATEs, and an outcome object each was young-generation
 * garbage the caller usually drops at once.
 */
const ANNOUNCED_ONLY: readonly UpdateOutcome[] = Array.from({ length: 256 }, (_, n) =>
  Object.freeze({ announced: n, withdrawn: 0, treatedAsWithdraw: 0, endOfRib: null }),
);

/** The IPv4 fast path over one RIB's table. */
export class LazyIpv4 {
  /**
   * @param table the RIB's prefix table
   * @param edit the RIB's route editor
   * @param store the RIB's interned attribute sets
   * @param counters the RIB's totals
   */
  constructor(
    private readonly table: PrefixTable<Dest>,
    private readonly edit: RouteEditor,
    private readonly store: AttrStore,
    private readonly counters: RibCounters,
  ) {}

  // The UPDATE being walked by the NLRI visitors below (saved and restored around each walk).
  private walkPeer: PeerState | null = null;
  private walkSet: AttrSet | null = null;
  private walkCount = 0;
  private readonly announceVisitor: Ipv4NlriVisitor = (len, addr, pathId) => {
    this.announceV4(this.walkPeer!, addr, len, pathId, this.walkSet!);
  };
  private readonly withdrawVisitor: Ipv4NlriVisitor = (len, addr, pathId) => {
    if (this.withdrawV4(this.walkPeer!, addr, len, pathId)) this.walkCount++;
  };

  /**
   * The fast path for IPv4 UPDATEs decoded lazily (what a speaker gets from the framer): the
   * NLRI and withdrawn fields are walked in place with `forEachIpv4Nlri` (no prefix objects),
   * and the attributes are decoded and interned only the first time their bytes are seen.
   * Returns null for what it does not handle (MP_REACH/MP_UNREACH, End-of-RIB), left to the
   * general path.
   */
  apply(ps: PeerState, msg: LazyUpdateMessage): UpdateOutcome | null {
    const nlri = msg.nlriCount;
    let set: AttrSet | null = null;
    let treat = false;
    // The sections are read in place, as index ranges of the message's input (no views).
    const bytes = msg.bytes;
    const aFrom = msg.attributesStart;
    const aTo = msg.nlriStart;
    if (nlri === 0) {
      // A pure IPv4 withdrawal has no attributes; anything else may be MP or End-of-RIB.
      if (msg.withdrawnCount === 0 || aTo !== aFrom) return null;
    } else {
      const hash = hashBytes(bytes, aFrom, aTo);
      const hit = ps.rawAttrs.get(bytes, hash, aFrom, aTo);
      if (hit !== undefined) {
        set = hit;
        treat = set === null;
        if (set !== null) this.store.retain(set);
      } else if (msg.hasMpAttributes) {
        return null;
      } else if (msg.context.asn4 && msg.action === undefined) {
        // Clean (known without decoding: LazyUpdateMessage.action), so interned from the bytes
        // alone: nothing is decoded for the common UPDATE, neither here nor by the import checks,
        // which read a compact set in place.
        set = this.store.internWireAt(bytes, aFrom, aTo, hash, true);
        ps.rawAttrs.set(bytes, hash, set, aFrom, aTo);
      } else {
        const a = msg.attributes;
        treat = treatsAsWithdraw(msg.action);
        if (!treat) {
          // A field that decoded cleanly is kept as its wire bytes (compact until asked for);
          // one with a survivable problem keeps what the decoder made of it.
          if (msg.problems.length === 0) {
            set = this.store.internWireAt(bytes, aFrom, aTo, hash, msg.context.asn4, a);
          } else set = this.store.intern(a);
        }
        ps.rawAttrs.set(bytes, hash, set, aFrom, aTo);
      }
    }
    const savedPeer = this.walkPeer;
    const savedSet = this.walkSet;
    const savedCount = this.walkCount;
    this.walkPeer = ps;
    this.walkCount = 0;
    try {
      const addPath = msg.addPath;
      if (msg.withdrawnCount > 0)
        forEachIpv4Nlri(bytes, addPath, this.withdrawVisitor, 0, msg.withdrawnStart, aFrom - 2);
      if (nlri > 0) {
        if (treat) forEachIpv4Nlri(bytes, addPath, this.withdrawVisitor, 0, aTo, msg.end);
        else {
          this.walkSet = set;
          forEachIpv4Nlri(bytes, addPath, this.announceVisitor, 0, aTo, msg.end);
        }
      }
      const withdrawn = this.walkCount;
      if (treat) this.counters.treatedAsWithdraw += nlri;
      if (!treat && withdrawn === 0 && nlri < ANNOUNCED_ONLY.length) return ANNOUNCED_ONLY[nlri]!;
      return {
        announced: treat ? 0 : nlri,
        withdrawn,
        treatedAsWithdraw: treat ? nlri : 0,
        endOfRib: null,
      };
    } finally {
      if (set !== null) this.store.release(set);
      this.walkPeer = savedPeer;
      this.walkSet = savedSet;
      this.walkCount = savedCount;
    }
  }

  /** Announces one IPv4 route, the prefix given as numbers (host bits are cleared here). */
  announceV4(ps: PeerState, addr: number, len: number, pathId: number, rs: AttrSet): void {
    this.counters.announced++;
    this.edit.place(ps, this.table.getOrAddV4(addr, len, destV4), pathId, rs);
  }

  private withdrawV4(ps: PeerState, addr: number, len: number, pathId: number): boolean {
    const d = this.table.getV4(addr, len);
    return d !== undefined && this.edit.unplace(ps, d, pathId);
  }
}
