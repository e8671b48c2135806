/**
 * Path attributes as one object with optional well-known fields plus raw unknowns (STYLE.md:
 * not a list of polymorphic objects). The codec is faithful to the wire: `asPath` is what the
 * peer sent in the session's AS width; the RFC 6793 merge with AS4_PATH is the separate,
 * explicit `normalizeAs4` step a receiving speaker applies.
 */
import type { AsPathSegmentTypeCode, OriginCode } from "../constants.js";
import type { Ipv4Address, Ipv6Address, IpAddress, Nlri } from "./address.js";

/** One AS_PATH / AS4_PATH segment (RFC 4271 §4.3, RFC 5065). */
export interface AsPathSegment {
  readonly type: AsPathSegmentTypeCode;
  /** AS numbers, in wire order. */
  readonly asns: readonly number[];
}

/** AGGREGATOR / AS4_AGGREGATOR value (RFC 4271 §5.1.7, RFC 6793). */
export interface Aggregator {
  readonly asn: number;
  /** The aggregating speaker's BGP identifier / IPv4 address, as a uint32. */
  readonly address: number;
}

/** One RFC 8092 large community. */
export interface LargeCommunity {
  readonly global: number;
  readonly local1: number;
  readonly local2: number;
}

/** MP_REACH_NLRI (RFC 4760 §3). */
export interface MpReachNlri {
  readonly afi: number;
  readonly safi: number;
  /**
   * The (global) next hop for families the codec models (IPv4/IPv6 unicast and multicast, with an IPv6
   * next hop for IPv4 NLRI per RFC 8950); null for other families (see `nextHopBytes`).
   */
  readonly nextHop: IpAddress | null;
  /** IPv6 link-local next hop when the next hop field is 32 bytes (RFC 2545 §3). */
  readonly linkLocal?: Ipv6Address;
  /** The next hop field exactly as received (view into the input). */
  readonly nextHopBytes: Uint8Array;
  /** Decoded NLRI for IPv4/IPv6 unicast and multicast; empty for families kept raw. */
  readonly nlri: readonly Nlri[];
  /** The NLRI field exactly as received (view into the input); the source of truth for raw families. */
  readonly nlriBytes: Uint8Array;
}

/** MP_UNREACH_NLRI (RFC 4760 §4). */
export interface MpUnreachNlri {
  readonly afi: number;
  readonly safi: number;
  /** Decoded withdrawn NLRI for IPv4/IPv6 unicast and multicast; empty for families kept raw. */
  readonly withdrawn: readonly Nlri[];
  /** The withdrawn field exactly as received (view into the input). */
  readonly withdrawnBytes: Uint8Array;
}

/** An attribute the codec does not model (or an optional one it could not parse), kept raw. */
export interface RawAttribute {
  /** Flags as received; the encoder sets PARTIAL on optional transitive ones it passes on. */
  readonly flags: number;
  readonly type: number;
  /** The value (view into the input; copy it to keep it beyond the input buffer's life). */
  readonly value: Uint8Array;
}

/**
 * How the attributes looked on the wire beyond their values, so decode → encode reproduces the
 * original bytes: the order of the type codes and the flags byte of each (some speakers set the
 * extended-length bit where it is not needed). Encoders honour it when present and fall back to
 * canonical order and flags for attributes it does not list.
 */
export interface AttributeWireInfo {
  /** Attribute type codes in the order they appeared. */
  readonly order: readonly number[];
  /** Flags byte of each attribute, parallel to `order`. */
  readonly flags: readonly number[];
}

/** The path attributes of one UPDATE (or one MRT RIB entry). All fields optional. */
export interface PathAttributes {
  /** ORIGIN (type 1). */
  readonly origin?: OriginCode;
  /** AS_PATH (type 2) as received, in the session's AS width (2-octet values may hold AS_TRANS). */
  readonly asPath?: readonly AsPathSegment[];
  /** NEXT_HOP (type 3). */
  readonly nextHop?: Ipv4Address;
  /** MULTI_EXIT_DISC (type 4). */
  readonly med?: number;
  /** LOCAL_PREF (type 5). */
  readonly localPref?: number;
  /** ATOMIC_AGGREGATE (type 6) present. */
  readonly atomicAggregate?: true;
  /** AGGREGATOR (type 7), AS in the session's width. */
  readonly aggregator?: Aggregator;
  /** COMMUNITIES (type 8) as uint32 values (`asn << 16 | value`), in wire order. */
  readonly communities?: readonly number[];
  /** ORIGINATOR_ID (type 9, RFC 4456) as a uint32. */
  readonly originatorId?: number;
  /** CLUSTER_LIST (type 10, RFC 4456) as uint32 cluster IDs, first = most recent. */
  readonly clusterList?: readonly number[];
  /** MP_REACH_NLRI (type 14). */
  readonly mpReach?: MpReachNlri;
  /** MP_UNREACH_NLRI (type 15). */
  readonly mpUnreach?: MpUnreachNlri;
  /** EXTENDED_COMMUNITIES (type 16): each an 8-byte view into the input. */
  readonly extendedCommunities?: readonly Uint8Array[];
  /** AS4_PATH (type 17, RFC 6793) as received. */
  readonly as4Path?: readonly AsPathSegment[];
  /** AS4_AGGREGATOR (type 18, RFC 6793) as received. */
  readonly as4Aggregator?: Aggregator;
  /** LARGE_COMMUNITIES (type 32, RFC 8092). */
  readonly largeCommunities?: readonly LargeCommunity[];
  /** Every attribute the codec does not model, in wire order. */
  readonly unknown?: readonly RawAttribute[];
  /** Wire order and flags, present on decoded attributes (see {@link AttributeWireInfo}). */
  readonly wire?: AttributeWireInfo;
}
