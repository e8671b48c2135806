/**
 * Turns per-prefix output changes into UPDATE messages: announcements bucketed by interned
 * attribute set (one UPDATE per set, BIRD's buckets), withdrawals in one UPDATE per family.
 * Splitting into messages that fit the negotiated size is the wire packer's job.
 */
import type { Nlri, PathAttributes, UpdateMessage } from "@tsbgp/bgp-wire";
import type { AttrSet } from "../attr-store.js";

/** Accumulates announcements and withdrawals, then builds the UPDATEs. */
export class UpdateBuilder {
  private readonly buckets = new Map<AttrSet, Nlri[]>();
  private readonly withdrawV4: Nlri[] = [];
  private readonly withdrawV6: Nlri[] = [];

  /** True when nothing was added. */
  get empty(): boolean {
    return this.buckets.size === 0 && this.withdrawV4.length === 0 && this.withdrawV6.length === 0;
  }

  /** Announces `nlri` with the attribute set. */
  announce(set: AttrSet, nlri: Nlri): void {
    const b = this.buckets.get(set);
    if (b) b.push(nlri);
    else this.buckets.set(set, [nlri]);
  }

  /** Withdraws `nlri`. */
  withdraw(nlri: Nlri): void {
    (nlri.prefix.afi === 1 ? this.withdrawV4 : this.withdrawV6).push(nlri);
  }

  /** The UPDATEs: withdrawals first, then one per attribute set and family. */
  build(): UpdateMessage[] {
    const out: UpdateMessage[] = [];
    if (this.withdrawV4.length > 0)
      out.push({ type: "UPDATE", withdrawn: this.withdrawV4, attributes: {}, nlri: [] });
    if (this.withdrawV6.length > 0)
      out.push({
        type: "UPDATE",
        withdrawn: [],
        attributes: {
          mpUnreach: { afi: 2, safi: 1, withdrawn: this.withdrawV6, withdrawnBytes: new Uint8Array(0) },
        },
        nlri: [],
      });
    for (const [set, nlri] of this.buckets) {
      const v4 = nlri.filter((n) => n.prefix.afi === 1);
      const v6 = nlri.filter((n) => n.prefix.afi === 2);
      if (v4.length > 0) {
        const a = set.attrs;
        if (a.mpReach !== undefined && a.nextHop === undefined) {
          // IPv4 NLRI over an IPv6 next hop (RFC 8950): carried in MP_REACH_NLRI.
          out.push({ type: "UPDATE", withdrawn: [], attributes: mpAttrs(a, 1, v4), nlri: [] });
        } else {
          const { mpReach: _m, ...rest } = a;
          out.push({ type: "UPDATE", withdrawn: [], attributes: rest, nlri: v4 });
        }
      }
      if (v6.length > 0)
        out.push({ type: "UPDATE", withdrawn: [], attributes: mpAttrs(set.attrs, 2, v6), nlri: [] });
    }
    return out;
  }
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
