/**
 * Checks applied to every received route before the import policy: AS loop detection
 * (RFC 4271 §9.1.2) with an allow-own-AS count, the RFC 4456 §8 reflection loop checks, and
 * ignoring LOCAL_PREF from eBGP peers (RFC 4271 §5.1.5).
 */
import type { PathAttributes } from "@tsbgp/bgp-wire";
import type { AttrSet, AttrStore } from "./attr-store.js";
import { PeerKind, type Peer } from "./peer.js";

/** Why a received route was not accepted. */
export const RejectReason = {
  /** Our AS is in the AS_PATH more often than allowed (RFC 4271 §9.1.2). */
  AS_LOOP: "as-loop",
  /** ORIGINATOR_ID is our router ID (RFC 4456 §8). */
  ORIGINATOR_LOOP: "originator-id-loop",
  /** CLUSTER_LIST holds our cluster ID (RFC 4456 §8). */
  CLUSTER_LOOP: "cluster-list-loop",
  /** The import policy rejected it. */
  POLICY: "policy",
} as const;
/** One of the {@link RejectReason} values. */
export type RejectReasonName = (typeof RejectReason)[keyof typeof RejectReason];

/** The local identity the checks compare against. */
export interface LoopCheckContext {
  readonly asn: number;
  readonly routerId: number;
  readonly clusterId: number;
}

/**
 * The loop a received route would create, or null when it is acceptable.
 * @param store the store that interned `set`, when known: it may have counted our AS already
 */
export function loopCheck(
  set: AttrSet,
  peer: Peer,
  ctx: LoopCheckContext,
  allowOwnAs: number,
  store?: AttrStore,
): RejectReasonName | null {
  if (peer.kind === PeerKind.LOCAL) return null;
  // Read through the set, which answers a compact one from its wire bytes: no decode here.
  const own = store === undefined ? set.asCount(ctx.asn) : store.asCount(set, ctx.asn);
  if (own > allowOwnAs) return RejectReason.AS_LOOP;
  const originator = set.originatorId;
  if (originator !== undefined && originator === ctx.routerId) return RejectReason.ORIGINATOR_LOOP;
  if (set.clusterListHas(ctx.clusterId)) return RejectReason.CLUSTER_LOOP;
  return null;
}

/** True when {@link sanitizeForPeer} would change the set's attributes (read without decoding). */
export function needsSanitizing(set: AttrSet, peer: Peer): boolean {
  return peer.kind === PeerKind.EBGP && set.localPref !== undefined;
}

/** The attributes with LOCAL_PREF removed when they came from an eBGP peer (RFC 4271 §5.1.5). */
export function sanitizeForPeer(attrs: PathAttributes, peer: Peer): PathAttributes {
  if (peer.kind !== PeerKind.EBGP || attrs.localPref === undefined) return attrs;
  const { localPref: _drop, ...rest } = attrs;
  return rest;
}
