/**
 * Hashing and structural equality of path attribute sets, for interning without building a
 * key string per set (a string key costs ~120 bytes per set and the time to build it).
 * Covers exactly the route-describing fields `ownedAttributes` keeps.
 */
import type { AsPathSegment, MpReachNlri, PathAttributes } from "@tsbgp/bgp-wire";

function mix(h: number, v: number): number {
  // FNV-1a style step on a 32-bit value (numbers above 2^32 are folded).
  h = Math.imul(h ^ (v >>> 0), 0x01000193);
  return h ^ (h >>> 15);
}

function mixPath(h: number, path: readonly AsPathSegment[] | undefined): number {
  if (!path) return mix(h, 0xa5);
  for (const s of path) {
    h = mix(h, s.type + 0x100 * s.asns.length);
    for (const a of s.asns) h = mix(h, a);
  }
  return h;
}

function mixBytes(h: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) h = mix(h, b[i]!);
  return mix(h, b.length);
}

/** A 32-bit hash of the route-describing fields. */
export function attributesHash(a: PathAttributes): number {
  let h = 0x811c9dc5;
  h = mix(h, a.origin ?? 9);
  h = mixPath(h, a.asPath);
  h = mix(h, a.nextHop?.addr ?? 0x5a5a);
  h = mix(h, a.med ?? 0x7e57);
  h = mix(h, a.localPref ?? 0x1f1f);
  if (a.communities) for (const c of a.communities) h = mix(h, c);
  h = mix(h, a.originatorId ?? 3);
  if (a.clusterList) for (const c of a.clusterList) h = mix(h, c);
  if (a.mpReach) h = mixBytes(mix(h, a.mpReach.afi), a.mpReach.nextHopBytes);
  if (a.largeCommunities)
    for (const c of a.largeCommunities) h = mix(mix(mix(h, c.global), c.local1), c.local2);
  return h >>> 0;
}

function sameNumbers(x: readonly number[] | undefined, y: readonly number[] | undefined): boolean {
  if (x === y) return true;
  if (!x || !y || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function sameBytes(x: Uint8Array | undefined, y: Uint8Array | undefined): boolean {
  if (x === y) return true;
  if (!x || !y || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function samePath(x: readonly AsPathSegment[] | undefined, y: readonly AsPathSegment[] | undefined): boolean {
  if (x === y) return true;
  if (!x || !y || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++)
    if (x[i]!.type !== y[i]!.type || !sameNumbers(x[i]!.asns, y[i]!.asns)) return false;
  return true;
}

function sameMpReach(x: MpReachNlri | undefined, y: MpReachNlri | undefined): boolean {
  if (x === y) return true;
  if (!x || !y || x.afi !== y.afi || x.safi !== y.safi || !sameBytes(x.nextHopBytes, y.nextHopBytes))
    return false;
  if (x.nextHopBytes.length === 0) {
    const a = x.nextHop;
    const b = y.nextHop;
    if (a === null || b === null) return a === b;
    if (a.afi !== b.afi) return false;
    if (a.afi === 1 && b.afi === 1) return a.addr === b.addr;
    if (!sameBytes(a.addr as Uint8Array, b.addr as Uint8Array)) return false;
  }
  return sameBytes(x.linkLocal?.addr, y.linkLocal?.addr);
}

/** Structural equality of the route-describing fields (what interning must not merge). */
export function attributesEqual(a: PathAttributes, b: PathAttributes): boolean {
  return (
    a.origin === b.origin &&
    a.nextHop?.addr === b.nextHop?.addr &&
    a.med === b.med &&
    a.localPref === b.localPref &&
    (a.atomicAggregate ?? false) === (b.atomicAggregate ?? false) &&
    a.originatorId === b.originatorId &&
    a.aggregator?.asn === b.aggregator?.asn &&
    a.aggregator?.address === b.aggregator?.address &&
    a.as4Aggregator?.asn === b.as4Aggregator?.asn &&
    a.as4Aggregator?.address === b.as4Aggregator?.address &&
    samePath(a.asPath, b.asPath) &&
    samePath(a.as4Path, b.as4Path) &&
    sameNumbers(a.communities, b.communities) &&
    sameNumbers(a.clusterList, b.clusterList) &&
    sameMpReach(a.mpReach, b.mpReach) &&
    sameList(
      a.largeCommunities,
      b.largeCommunities,
      (x, y) => x.global === y.global && x.local1 === y.local1 && x.local2 === y.local2,
    ) &&
    sameList(a.extendedCommunities, b.extendedCommunities, sameBytes) &&
    sameList(
      a.unknown?.length ? a.unknown : undefined,
      b.unknown?.length ? b.unknown : undefined,
      (x, y) => x.type === y.type && x.flags === y.flags && sameBytes(x.value, y.value),
    )
  );
}

function sameList<T>(
  x: readonly T[] | undefined,
  y: readonly T[] | undefined,
  eq: (a: T, b: T) => boolean,
): boolean {
  if (x === y) return true;
  if (!x || !y || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!eq(x[i]!, y[i]!)) return false;
  return true;
}
