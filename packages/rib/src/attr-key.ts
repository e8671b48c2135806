/**
 * The owned, canonical form of a path attribute set and its interning key. Decoded attributes
 * alias the UPDATE buffer and carry per-message parts (MP_REACH/MP_UNREACH NLRI, wire order);
 * the RIB keeps only the route-describing parts, copied out of the buffer and frozen.
 */
import type { Ipv4Address, MpReachNlri, PathAttributes, RawAttribute } from "@tsbgp/bgp-wire";

const EMPTY = new Uint8Array(0);

function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i] ?? 0).toString(16).padStart(2, "0");
  return s;
}

/** An owned copy of a byte view (`slice` would return a view for a Node Buffer). */
function copyBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

function freezeList<T>(xs: readonly T[]): readonly T[] {
  return Object.freeze(xs.slice());
}

/**
 * A frozen copy of `attrs` without the per-message parts: the MP_REACH_NLRI keeps only its
 * family and next hop (its NLRI belongs to the message), MP_UNREACH_NLRI and the wire layout
 * are dropped, and every byte view is copied so the input buffer can be reused.
 */
export function ownedAttributes(
  attrs: PathAttributes,
  shareNextHop: (addr: number) => Ipv4Address = (addr) => Object.freeze({ afi: 1, addr }),
): PathAttributes {
  const out: { -readonly [K in keyof PathAttributes]: PathAttributes[K] } = {};
  if (attrs.origin !== undefined) out.origin = attrs.origin;
  if (attrs.asPath !== undefined)
    out.asPath = Object.freeze(
      attrs.asPath.map((s) => Object.freeze({ type: s.type, asns: freezeList(s.asns) })),
    );
  if (attrs.nextHop !== undefined) out.nextHop = shareNextHop(attrs.nextHop.addr);
  if (attrs.med !== undefined) out.med = attrs.med;
  if (attrs.localPref !== undefined) out.localPref = attrs.localPref;
  if (attrs.atomicAggregate) out.atomicAggregate = true;
  if (attrs.aggregator !== undefined) out.aggregator = Object.freeze({ ...attrs.aggregator });
  if (attrs.communities !== undefined) out.communities = freezeList(attrs.communities);
  if (attrs.originatorId !== undefined) out.originatorId = attrs.originatorId;
  if (attrs.clusterList !== undefined) out.clusterList = freezeList(attrs.clusterList);
  if (attrs.mpReach !== undefined) out.mpReach = ownedMpReach(attrs.mpReach);
  if (attrs.extendedCommunities !== undefined)
    out.extendedCommunities = Object.freeze(attrs.extendedCommunities.map(copyBytes));
  if (attrs.as4Path !== undefined)
    out.as4Path = Object.freeze(
      attrs.as4Path.map((s) => Object.freeze({ type: s.type, asns: freezeList(s.asns) })),
    );
  if (attrs.as4Aggregator !== undefined) out.as4Aggregator = Object.freeze({ ...attrs.as4Aggregator });
  if (attrs.largeCommunities !== undefined)
    out.largeCommunities = Object.freeze(attrs.largeCommunities.map((c) => Object.freeze({ ...c })));
  if (attrs.unknown !== undefined && attrs.unknown.length > 0)
    out.unknown = Object.freeze(
      attrs.unknown.map(
        (u): RawAttribute => Object.freeze({ flags: u.flags, type: u.type, value: copyBytes(u.value) }),
      ),
    );
  return Object.freeze(out);
}

function ownedMpReach(mp: MpReachNlri): MpReachNlri {
  const nh = mp.nextHop;
  const out: { -readonly [K in keyof MpReachNlri]: MpReachNlri[K] } = {
    afi: mp.afi,
    safi: mp.safi,
    nextHop:
      nh === null
        ? null
        : nh.afi === 1
          ? Object.freeze({ afi: 1, addr: nh.addr })
          : Object.freeze({ afi: 2, addr: copyBytes(nh.addr) }),
    nextHopBytes: copyBytes(mp.nextHopBytes),
    nlri: Object.freeze([]),
    nlriBytes: EMPTY,
  };
  if (mp.linkLocal !== undefined)
    out.linkLocal = Object.freeze({ afi: 2, addr: copyBytes(mp.linkLocal.addr) });
  return Object.freeze(out);
}

/**
 * A canonical text of every route-describing field: two attribute sets with the same text
 * describe routes identically. For logs and diagnostics; interning hashes instead.
 */
export function attributesKey(a: PathAttributes): string {
  let k = `o${a.origin ?? "-"}`;
  if (a.asPath) k += `|p${a.asPath.map((s) => `${s.type}:${s.asns.join(",")}`).join(";")}`;
  if (a.nextHop) k += `|n${a.nextHop.addr}`;
  if (a.med !== undefined) k += `|m${a.med}`;
  if (a.localPref !== undefined) k += `|l${a.localPref}`;
  if (a.atomicAggregate) k += "|A";
  if (a.aggregator) k += `|g${a.aggregator.asn}:${a.aggregator.address}`;
  if (a.communities) k += `|c${a.communities.join(",")}`;
  if (a.originatorId !== undefined) k += `|i${a.originatorId}`;
  if (a.clusterList) k += `|C${a.clusterList.join(",")}`;
  if (a.mpReach) {
    const mp = a.mpReach;
    k += `|M${mp.afi}/${mp.safi}/${hex(mp.nextHopBytes)}`;
    if (mp.nextHopBytes.length === 0 && mp.nextHop)
      k += mp.nextHop.afi === 1 ? `v4${mp.nextHop.addr}` : `v6${hex(mp.nextHop.addr)}`;
    if (mp.linkLocal) k += `ll${hex(mp.linkLocal.addr)}`;
  }
  if (a.extendedCommunities) k += `|x${a.extendedCommunities.map(hex).join(",")}`;
  if (a.as4Path) k += `|P${a.as4Path.map((s) => `${s.type}:${s.asns.join(",")}`).join(";")}`;
  if (a.as4Aggregator) k += `|G${a.as4Aggregator.asn}:${a.as4Aggregator.address}`;
  if (a.largeCommunities)
    k += `|L${a.largeCommunities.map((c) => `${c.global}:${c.local1}:${c.local2}`).join(",")}`;
  if (a.unknown) k += `|u${a.unknown.map((u) => `${u.type}:${u.flags}:${hex(u.value)}`).join(",")}`;
  return k;
}
