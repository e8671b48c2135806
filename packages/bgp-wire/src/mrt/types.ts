/**
 * MRT records (RFC 6396, RFC 8050) as a discriminated union keyed by `type`. Byte fields are
 * views into the input the reader was given (zero-copy); copy them (`slice()`) to keep them
 * beyond the input's life. BGP content (path attributes, messages) stays raw here and is decoded
 * on demand with `decodeRibEntryAttributes` / `decodeBgp4mpMessage`, which pick the right
 * codec context for the record.
 */
import type { IpAddress, Prefix } from "../types/address.js";

/**
 * The common header (RFC 6396 §2) plus the microsecond field of the `_ET` types (§3).
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Type              |            Subtype            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             Length                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Microsecond Timestamp (ET only)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
export interface MrtHeader {
  /** Seconds since the Unix epoch (UTC). */
  readonly timestamp: number;
  /** Microseconds within the second: present only for the `_ET` types. */
  readonly microseconds?: number;
  /** MRT type number (see `MrtType`). */
  readonly mrtType: number;
  /** Subtype number; its meaning depends on `mrtType`. */
  readonly subtype: number;
  /** Length of the message field (after the microsecond field for `_ET` types). */
  readonly length: number;
  /** Offset of the record's first byte in the whole input (file or stream). */
  readonly offset: number;
}

/**
 * TABLE_DUMP (RFC 6396 §4.2): one route of one peer, 2-octet AS numbers.
 * ```
 * | View Number (2) | Sequence Number (2) | Prefix (4/16) | Prefix Len (1) | Status (1) |
 * | Originated Time (4) | Peer IP (4/16) | Peer AS (2) | Attribute Length (2) | Attributes |
 * ```
 */
export interface TableDumpRecord {
  readonly type: "TABLE_DUMP";
  readonly header: MrtHeader;
  readonly viewNumber: number;
  readonly sequence: number;
  /** The prefix exactly as stored (host bits are not cleared). */
  readonly prefix: Prefix;
  readonly status: number;
  readonly originatedTime: number;
  readonly peerIp: IpAddress;
  readonly peerAs: number;
  /** Path attributes, encoded with 2-octet AS numbers (view into the input). */
  readonly attributes: Uint8Array;
}

/** One peer of a PEER_INDEX_TABLE (RFC 6396 §4.3.1). */
export interface MrtPeer {
  /** The Peer Type byte: bit 0 = IPv6 address, bit 1 = 4-octet AS. */
  readonly peerType: number;
  /** Peer BGP identifier as a uint32. */
  readonly bgpId: number;
  readonly ip: IpAddress;
  readonly asn: number;
}

/**
 * TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1): the peers that later RIB records point to
 * by index.
 */
export interface PeerIndexTableRecord {
  readonly type: "PEER_INDEX_TABLE";
  readonly header: MrtHeader;
  /** Collector BGP identifier as a uint32. */
  readonly collectorBgpId: number;
  /** View name (UTF-8; empty when absent). */
  readonly viewName: string;
  readonly peers: readonly MrtPeer[];
}

/** One RIB entry of a RIB record (RFC 6396 §4.3.4, RFC 8050 §4 for `pathId`). */
export interface RibEntry {
  /** Index into the last PEER_INDEX_TABLE's `peers`. */
  readonly peerIndex: number;
  readonly originatedTime: number;
  /** ADD-PATH path identifier: present only in the `_ADDPATH` subtypes (RFC 8050). */
  readonly pathId?: number;
  /**
   * Path attributes, 4-octet AS numbers; MP_REACH_NLRI is in the abbreviated form of RFC 6396
   * §4.3.4 (next hop only). View into the input.
   */
  readonly attributes: Uint8Array;
}

/**
 * TABLE_DUMP_V2 RIB_IPV4/IPV6_UNICAST/MULTICAST and their ADD-PATH variants (RFC 6396 §4.3.2,
 * RFC 8050 §4): one prefix and every peer's route to it.
 */
export interface RibRecord {
  readonly type: "RIB";
  readonly header: MrtHeader;
  readonly sequence: number;
  /** 1 (IPv4) or 2 (IPv6), from the subtype. */
  readonly afi: 1 | 2;
  /** 1 (unicast) or 2 (multicast), from the subtype. */
  readonly safi: 1 | 2;
  /** True for the RFC 8050 `_ADDPATH` subtypes: every entry then has a `pathId`. */
  readonly addPath: boolean;
  readonly prefix: Prefix;
  readonly entries: readonly RibEntry[];
}

/** TABLE_DUMP_V2 RIB_GENERIC(_ADDPATH) (RFC 6396 §4.3.3), kept raw after its fixed fields. */
export interface RibGenericRecord {
  readonly type: "RIB_GENERIC";
  readonly header: MrtHeader;
  readonly sequence: number;
  readonly afi: number;
  readonly safi: number;
  readonly addPath: boolean;
  /** NLRI, entry count and entries exactly as stored (view into the input). */
  readonly raw: Uint8Array;
}

/** Fields shared by the BGP4MP message and state-change subtypes (RFC 6396 §4.4). */
export interface Bgp4mpPeering {
  readonly peerAs: number;
  readonly localAs: number;
  readonly interfaceIndex: number;
  /** Address family of the two addresses: 1 or 2. */
  readonly afi: number;
  readonly peerIp: IpAddress;
  readonly localIp: IpAddress;
  /** The record used 4-octet AS numbers (`_AS4` subtypes). */
  readonly as4: boolean;
}

/**
 * BGP4MP(_ET) MESSAGE, MESSAGE_AS4, MESSAGE_LOCAL, MESSAGE_AS4_LOCAL and their ADD-PATH variants
 * (RFC 6396 §4.4.2-4.4.6, RFC 8050 §3).
 */
export interface Bgp4mpMessageRecord extends Bgp4mpPeering {
  readonly type: "BGP4MP_MESSAGE";
  readonly header: MrtHeader;
  /** The message was sent by the collector (`_LOCAL` subtypes) rather than received from the peer. */
  readonly local: boolean;
  /** NLRI carry RFC 7911 path identifiers (`_ADDPATH` subtypes). */
  readonly addPath: boolean;
  /** The whole BGP message, marker and header included (view into the input). */
  readonly message: Uint8Array;
}

/** BGP4MP(_ET) STATE_CHANGE and STATE_CHANGE_AS4 (RFC 6396 §4.4.1, §4.4.5). */
export interface Bgp4mpStateChangeRecord extends Bgp4mpPeering {
  readonly type: "BGP4MP_STATE_CHANGE";
  readonly header: MrtHeader;
  /** FSM state numbers (see `BgpFsmState`). */
  readonly oldState: number;
  readonly newState: number;
}

/** Any record type or subtype the decoder does not model, kept raw. */
export interface UnknownMrtRecord {
  readonly type: "UNKNOWN";
  readonly header: MrtHeader;
  /** The message field (view into the input). */
  readonly body: Uint8Array;
}

/** Any MRT record. */
export type MrtRecord =
  | TableDumpRecord
  | PeerIndexTableRecord
  | RibRecord
  | RibGenericRecord
  | Bgp4mpMessageRecord
  | Bgp4mpStateChangeRecord
  | UnknownMrtRecord;
