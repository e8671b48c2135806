/**
 * Who may receive a route and how its attributes change on the way out: the iBGP/eBGP rules of
 * RFC 4271, the well-known communities of RFC 1997, and RFC 4456 route reflection.
 */
import type { IpAddress, PathAttributes, Prefix } from "@tsbgp/bgp-wire";
import { WellKnownCommunity } from "@tsbgp/bgp-wire";
import { asPathPrepend, stripConfedSegments } from "../as-path.js";
import { type Peer, PeerKind } from "../peer.js";
import { prefixContains } from "../prefix-key.js";

/** The properties of a destination peer (or peer group) that the export rules look at. */
export interface ExportTarget {
  /** eBGP or iBGP. */
  readonly kind: typeof PeerKind.EBGP | typeof PeerKind.IBGP;
  /** RFC 4456 client of ours (iBGP only). */
  readonly rrClient: boolean;
  /** Set the next hop to ours on iBGP too, for routes not being reflected (`next-hop-self`). */
  readonly nextHopSelf: boolean;
  /** Our address on the session(s): the next hop we announce when we set it to ourselves. */
  readonly localAddress: { readonly v4?: number; readonly v6?: Uint8Array };
  /**
   * Subnets shared with the (eBGP) members: a next hop inside one is passed on unchanged, the
   * "third party" NEXT_HOP of RFC 4271 §5.1.3 (BIRD's default); empty: always next hop self.
   */
  readonly sharedSubnets?: readonly Prefix[];
}

/** Our identity, as export needs it. */
export interface ExportIdentity {
  readonly asn: number;
  readonly routerId: number;
  readonly clusterId: number;
  /** LOCAL_PREF to send on iBGP when the route has none (RFC 4271 §5.1.5). */
  readonly defaultLocalPref: number;
}

/** Why a route is not exported to a target (null: it is). */
export const ExportBlock = {
  NO_ADVERTISE: "no-advertise",
  NO_EXPORT: "no-export",
  NO_EXPORT_SUBCONFED: "no-export-subconfed",
  IBGP_SPLIT_HORIZON: "ibgp-not-reflected",
} as const;
/** One of the {@link ExportBlock} values. */
export type ExportBlockName = (typeof ExportBlock)[keyof typeof ExportBlock];

/**
 * Whether a route learned from `source` with `attrs` may go to `target` at all.
 * - RFC 1997: NO_ADVERTISE goes nowhere; NO_EXPORT and NO_EXPORT_SUBCONFED not to eBGP peers
 *   (without confederations the two are the same).
 * - RFC 4271 §9.2.1: an iBGP-learned route goes to no iBGP peer, unless reflecting:
 * - RFC 4456 §6: from a client to clients and non-clients; from a non-client to clients only;
 *   eBGP-learned and local routes to everyone.
 */
export function exportBlock(
  source: Peer,
  attrs: PathAttributes,
  target: ExportTarget,
): ExportBlockName | null {
  const c = attrs.communities;
  if (c !== undefined && c.length > 0) {
    if (c.includes(WellKnownCommunity.NO_ADVERTISE)) return ExportBlock.NO_ADVERTISE;
    if (target.kind === PeerKind.EBGP) {
      if (c.includes(WellKnownCommunity.NO_EXPORT)) return ExportBlock.NO_EXPORT;
      if (c.includes(WellKnownCommunity.NO_EXPORT_SUBCONFED)) return ExportBlock.NO_EXPORT_SUBCONFED;
    }
  }
  if (source.kind === PeerKind.IBGP && target.kind === PeerKind.IBGP && !source.rrClient && !target.rrClient)
    return ExportBlock.IBGP_SPLIT_HORIZON;
  return null;
}

function selfNextHop(target: ExportTarget, afi: 1 | 2): IpAddress | null {
  const a = target.localAddress;
  if (afi === 1) return a.v4 !== undefined ? { afi: 1, addr: a.v4 } : null;
  return a.v6 !== undefined ? { afi: 2, addr: a.v6 } : null;
}

function withNextHop(
  attrs: { -readonly [K in keyof PathAttributes]: PathAttributes[K] },
  nh: IpAddress | null,
  afi: 1 | 2,
): void {
  if (nh === null) return;
  if (afi === 1 && nh.afi === 1) {
    attrs.nextHop = nh;
    return;
  }
  // IPv6 routes (or IPv4 over an IPv6 next hop) carry it in MP_REACH_NLRI (RFC 4760 §3).
  const bytes =
    nh.afi === 1
      ? Uint8Array.of(nh.addr >>> 24, (nh.addr >>> 16) & 255, (nh.addr >>> 8) & 255, nh.addr & 255)
      : nh.addr;
  attrs.mpReach = { afi, safi: 1, nextHop: nh, nextHopBytes: bytes, nlri: [], nlriBytes: new Uint8Array(0) };
}

/**
 * The attributes sent to `target` for a route learned from `source` (before the export
 * policy), for a prefix of family `afi`:
 * - eBGP (RFC 4271 §5.1.2, §5.1.3, §5.1.4, §5.1.5): prepend our AS (confederation segments
 *   removed, RFC 5065 §5.3), next hop = us (or kept when on a shared subnet), no LOCAL_PREF, MED only for our own routes, no
 *   ORIGINATOR_ID / CLUSTER_LIST (RFC 4456 attributes stay inside the AS).
 * - iBGP: LOCAL_PREF always present; next hop kept, except next-hop-self for non-reflected
 *   routes and our own routes without one.
 * - Reflection (RFC 4456 §8): ORIGINATOR_ID = the source's router ID when absent, our
 *   cluster ID prepended to CLUSTER_LIST; next hop and everything else untouched.
 */
export function exportAttributes(
  source: Peer,
  attrs: PathAttributes,
  afi: 1 | 2,
  target: ExportTarget,
  me: ExportIdentity,
): PathAttributes {
  // A rest copy without the two, not `delete` on a spread copy: deleting a property makes V8
  // turn the object into a slow dictionary (each reflected attribute set went through one).
  const { mpUnreach: _unreach, wire: _wire, ...copy } = attrs;
  const out: { -readonly [K in keyof PathAttributes]: PathAttributes[K] } = copy;
  const current: IpAddress | null = attrs.mpReach?.nextHop ?? attrs.nextHop ?? null;
  if (target.kind === PeerKind.EBGP) {
    out.asPath = asPathPrepend(stripConfedSegments(attrs.asPath), me.asn);
    delete out.localPref;
    if (source.kind !== PeerKind.LOCAL) delete out.med;
    delete out.originatorId;
    delete out.clusterList;
    delete out.mpReach;
    delete out.nextHop;
    withNextHop(out, thirdParty(current, target) ? current : selfNextHop(target, afi), afi);
    return out;
  }
  out.localPref = attrs.localPref ?? me.defaultLocalPref;
  if (out.asPath === undefined) out.asPath = [];
  if (source.kind === PeerKind.IBGP) {
    out.originatorId = attrs.originatorId ?? source.routerId;
    out.clusterList = [me.clusterId, ...(attrs.clusterList ?? [])];
    return out;
  }
  if (target.nextHopSelf || current === null || isUnspecified(current)) {
    delete out.mpReach;
    delete out.nextHop;
    withNextHop(out, selfNextHop(target, afi), afi);
  }
  return out;
}

/** True when the next hop may be passed on as a third-party next hop (RFC 4271 §5.1.3). */
function thirdParty(nh: IpAddress | null, target: ExportTarget): boolean {
  if (nh === null || target.sharedSubnets === undefined || isUnspecified(nh)) return false;
  const host: Prefix = nh.afi === 1 ? { ...nh, len: 32 } : { ...nh, len: 128 };
  return target.sharedSubnets.some((s) => prefixContains(s, host));
}

function isUnspecified(a: IpAddress): boolean {
  return a.afi === 1 ? a.addr === 0 : a.addr.every((b) => b === 0);
}
