/** TABLE_DUMP_V2 (RFC 6396 §4.3) with the ADD-PATH subtypes of RFC 8050 §3-4. */
import { TableDumpV2Subtype as S } from "./constants.js";
import type { MrtCursor } from "./cursor.js";
import type {
  MrtHeader,
  MrtPeer,
  PeerIndexTableRecord,
  RibEntry,
  RibGenericRecord,
  RibRecord,
  UnknownMrtRecord,
} from "./types.js";

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Decodes any TABLE_DUMP_V2 subtype; unknown ones (e.g. GEO_PEER_TABLE) are kept raw. */
export function decodeTableDumpV2(
  c: MrtCursor,
  header: MrtHeader,
): PeerIndexTableRecord | RibRecord | RibGenericRecord | UnknownMrtRecord {
  switch (header.subtype) {
    case S.PEER_INDEX_TABLE:
      return decodePeerIndexTable(c, header);
    case S.RIB_IPV4_UNICAST:
      return decodeRib(c, header, 1, 1, false);
    case S.RIB_IPV4_MULTICAST:
      return decodeRib(c, header, 1, 2, false);
    case S.RIB_IPV6_UNICAST:
      return decodeRib(c, header, 2, 1, false);
    case S.RIB_IPV6_MULTICAST:
      return decodeRib(c, header, 2, 2, false);
    case S.RIB_IPV4_UNICAST_ADDPATH:
      return decodeRib(c, header, 1, 1, true);
    case S.RIB_IPV4_MULTICAST_ADDPATH:
      return decodeRib(c, header, 1, 2, true);
    case S.RIB_IPV6_UNICAST_ADDPATH:
      return decodeRib(c, header, 2, 1, true);
    case S.RIB_IPV6_MULTICAST_ADDPATH:
      return decodeRib(c, header, 2, 2, true);
    case S.RIB_GENERIC:
    case S.RIB_GENERIC_ADDPATH:
      return decodeRibGeneric(c, header, header.subtype === S.RIB_GENERIC_ADDPATH);
    default:
      return { type: "UNKNOWN", header, body: c.view(c.remaining, "body") };
  }
}

/**
 * PEER_INDEX_TABLE (RFC 6396 §4.3.1).
 * ```
 * | Collector BGP ID (4) | View Name Length (2) | View Name | Peer Count (2) | Peer Entries |
 * Peer Entry: | Peer Type (1) | Peer BGP ID (4) | Peer IP (4/16) | Peer AS (2/4) |
 * ```
 */
function decodePeerIndexTable(c: MrtCursor, header: MrtHeader): PeerIndexTableRecord {
  const collectorBgpId = c.u32("collector BGP ID");
  const nameLen = c.u16("view name length");
  const viewName = nameLen === 0 ? "" : utf8.decode(c.view(nameLen, "view name"));
  const count = c.u16("peer count");
  const peers: MrtPeer[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const peerType = c.u8("peer type");
    const bgpId = c.u32("peer BGP ID");
    // Bit 0: IPv6 peer address; bit 1: 4-octet AS (RFC 6396 §4.3.1).
    const ip = c.ip(peerType & 1 ? 2 : 1, "peer IP address");
    const asn = peerType & 2 ? c.u32("peer AS") : c.u16("peer AS");
    peers[i] = { peerType, bgpId, ip, asn };
  }
  return { type: "PEER_INDEX_TABLE", header, collectorBgpId, viewName, peers };
}

/**
 * RIB_AFI_SAFI (RFC 6396 §4.3.2) and its ADD-PATH form (RFC 8050 §4).
 * ```
 * | Sequence Number (4) | Prefix Length (1) | Prefix (var) | Entry Count (2) | RIB Entries |
 * RIB Entry: | Peer Index (2) | Originated Time (4) | [Path Identifier (4)] | Attr Length (2) | Attrs |
 * ```
 */
function decodeRib(c: MrtCursor, header: MrtHeader, afi: 1 | 2, safi: 1 | 2, addPath: boolean): RibRecord {
  const sequence = c.u32("sequence number");
  const prefix = c.prefix(afi, "prefix");
  const count = c.u16("entry count");
  const entries: RibEntry[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const peerIndex = c.u16("peer index");
    const originatedTime = c.u32("originated time");
    if (addPath) {
      const pathId = c.u32("path identifier");
      const len = c.u16("attribute length");
      entries[i] = { peerIndex, originatedTime, pathId, attributes: c.view(len, "path attributes") };
    } else {
      const len = c.u16("attribute length");
      entries[i] = { peerIndex, originatedTime, attributes: c.view(len, "path attributes") };
    }
  }
  return { type: "RIB", header, sequence, afi, safi, addPath, prefix, entries };
}

/** RIB_GENERIC (RFC 6396 §4.3.3): fixed fields decoded, the rest kept raw. */
function decodeRibGeneric(c: MrtCursor, header: MrtHeader, addPath: boolean): RibGenericRecord {
  const sequence = c.u32("sequence number");
  const afi = c.u16("AFI");
  const safi = c.u8("SAFI");
  return { type: "RIB_GENERIC", header, sequence, afi, safi, addPath, raw: c.view(c.remaining, "body") };
}
