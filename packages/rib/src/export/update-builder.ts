/**
 * Turns per-prefix output changes into UPDATE messages: announcements bucketed by interned
 * attribute set (one UPDATE per set, BIRD's buckets), withdrawals in one UPDATE per family.
 * Splitting into messages that fit the negotiated size is the wire packer's job.
 *
 * Each entry may carry the group members that were a source of one of the prefix's paths
 * (split horizon, RFC 4456 §8: a client is not sent back its own path). `buildWithout(peer)`
 * leaves their entries out by comparing references, with no per-prefix set lookups: in a
 * reflector every prefix has such a member, the client that sent it.
 */
import type { Nlri, PathAttributes, UpdateMessage } from "@tsbgp/bgp-wire";
import type { AttrSet } from "../attr-store.js";
import type { Peer } from "../peer.js";

/** The members an entry is kept from: one peer (the usual case), several, or none. */
export type SplitHorizon = Peer | readonly Peer[] | null;

function involves(tag: SplitHorizon, peer: Peer): boolean {
  if (tag === null) return false;
  if (tag === peer) return true;
  return Array.isArray(tag) && (tag as readonly Peer[]).includes(peer);
}

/** NLRI with the split-horizon tag of each (tags only once one is not null). */
class Entries {
  readonly nlri: Nlri[] = [];
  private tags: SplitHorizon[] | null = null;

  push(nlri: Nlri, tag: SplitHorizon): void {
    if (tag !== null && this.tags === null) this.tags = new Array<SplitHorizon>(this.nlri.length).fill(null);
    this.nlri.push(nlri);
    this.tags?.push(tag);
  }

  /** The NLRI not kept from `peer`: the list itself when none is. */
  without(peer: Peer | null): Nlri[] {
    const tags = this.tags;
    if (peer === null || tags === null) return this.nlri;
    let i = 0;
    while (i < tags.length && !involves(tags[i]!, peer)) i++;
    if (i === tags.length) return this.nlri;
    const out = this.nlri.slice(0, i);
    for (i++; i < tags.length; i++) if (!involves(tags[i]!, peer)) out.push(this.nlri[i]!);
    return out;
  }
}

/** Accumulates announcements and withdrawals, then builds the UPDATEs. */
export class UpdateBuilder {
  private readonly buckets = new Map<AttrSet, Entries>();
  private readonly withdrawV4 = new Entries();
  private readonly withdrawV6 = new Entries();

  /** True when nothing was added. */
  get empty(): boolean {
    return this.buckets.size === 0 && this.withdrawV4.nlri.length === 0 && this.withdrawV6.nlri.length === 0;
  }

  /** Announces `nlri` with the attribute set, kept from the `without` members. */
  announce(set: AttrSet, nlri: Nlri, without: SplitHorizon = null): void {
    let b = this.buckets.get(set);
    if (b === undefined) {
      b = new Entries();
      this.buckets.set(set, b);
    }
    b.push(nlri, without);
  }

  /** Withdraws `nlri`, kept from the `without` members. */
  withdraw(nlri: Nlri, without: SplitHorizon = null): void {
    (nlri.prefix.afi === 1 ? this.withdrawV4 : this.withdrawV6).push(nlri, without);
  }

  /** The UPDATEs: withdrawals first, then one per attribute set and family. */
  build(): UpdateMessage[] {
    return this.assemble(null);
  }

  /** The UPDATEs without the entries kept from `peer` (see {@link announce}). */
  buildWithout(peer: Peer): UpdateMessage[] {
    return this.assemble(peer);
  }

  private assemble(peer: Peer | null): UpdateMessage[] {
    const out: UpdateMessage[] = [];
    const w4 = this.withdrawV4.without(peer);
    if (w4.length > 0) out.push({ type: "UPDATE", withdrawn: w4, attributes: {}, nlri: [] });
    const w6 = this.withdrawV6.without(peer);
    if (w6.length > 0)
      out.push({
        type: "UPDATE",
        withdrawn: [],
        attributes: {
          mpUnreach: { afi: 2, safi: 1, withdrawn: w6, withdrawnBytes: new Uint8Array(0) },
        },
        nlri: [],
      });
    // forEach, not for-of over entries: no [key, value] array per bucket.
    this.buckets.forEach((entries, set) => {
      const nlri = entries.without(peer);
      if (nlri.length === 0) return;
      // Buckets nearly always hold one family: split (and copy) only a mixed one.
      const afi = nlri[0]!.prefix.afi;
      let mixed = false;
      for (let i = 1; i < nlri.length; i++) if (nlri[i]!.prefix.afi !== afi) mixed = true;
      if (!mixed) out.push(announcement(set.attrs, afi, nlri));
      else {
        out.push(
          announcement(
            set.attrs,
            1,
            nlri.filter((n) => n.prefix.afi === 1),
          ),
        );
        out.push(
          announcement(
            set.attrs,
            2,
            nlri.filter((n) => n.prefix.afi === 2),
          ),
        );
      }
    });
    return out;
  }
}

/** One UPDATE announcing `nlri` (all of family `afi`) with the attributes. */
function announcement(a: PathAttributes, afi: number, nlri: Nlri[]): UpdateMessage {
  if (afi === 2) return { type: "UPDATE", withdrawn: [], attributes: mpAttrs(a, 2, nlri), nlri: [] };
  // IPv4 NLRI over an IPv6 next hop (RFC 8950): carried in MP_REACH_NLRI.
  if (a.mpReach !== undefined && a.nextHop === undefined)
    return { type: "UPDATE", withdrawn: [], attributes: mpAttrs(a, 1, nlri), nlri: [] };
  if (a.mpReach === undefined) return { type: "UPDATE", withdrawn: [], attributes: a, nlri };
  const { mpReach: _m, ...rest } = a;
  return { type: "UPDATE", withdrawn: [], attributes: rest, nlri };
}

function mpAttrs(a: PathAttributes, afi: 1 | 2, nlri: Nlri[]): PathAttributes {
  const mp = a.mpReach;
  const { nextHop: _n, ...rest } = a;
  return {
    ...rest,
    mpReach: {
      afi,
      safi: 1,
      nextHop: mp?.nextHop ?? null,
      nextHopBytes: mp?.nextHopBytes ?? new Uint8Array(0),
      ...(mp?.linkLocal ? { linkLocal: mp.linkLocal } : {}),
      nlri,
      nlriBytes: new Uint8Array(0),
    },
  };
}
