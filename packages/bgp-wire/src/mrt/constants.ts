/**
 * MRT type and subtype numbers (RFC 6396 §4, RFC 8050 §3 for the ADD-PATH subtypes), as `as const`
 * tables with reverse name lookups for logs and the CLI.
 */

/** Builds the reverse (number → name) lookup for an `as const` table. */
function reverse<T extends Record<string, number>>(table: T): ReadonlyMap<number, keyof T & string> {
  const m = new Map<number, keyof T & string>();
  for (const [k, v] of Object.entries(table)) m.set(v, k as keyof T & string);
  return m;
}

/** MRT record types (RFC 6396 §4; the `_ET` ones carry a microsecond timestamp, §3). */
export const MrtType = {
  OSPFV2: 11,
  TABLE_DUMP: 12,
  TABLE_DUMP_V2: 13,
  BGP4MP: 16,
  BGP4MP_ET: 17,
  ISIS: 32,
  ISIS_ET: 33,
  OSPFV3: 48,
  OSPFV3_ET: 49,
} as const;
const mrtTypeNames = reverse(MrtType);
/** Name of an MRT type, or `MRT<n>` for an unknown one. */
export function mrtTypeName(type: number): string {
  return mrtTypeNames.get(type) ?? `MRT${type}`;
}

/** True for the types whose header has the 4-byte microsecond field (RFC 6396 §3). */
export function isExtendedTimestampType(type: number): boolean {
  return type === MrtType.BGP4MP_ET || type === MrtType.ISIS_ET || type === MrtType.OSPFV3_ET;
}

/** TABLE_DUMP subtypes: the AFI of the entry (RFC 6396 §4.2). */
export const TableDumpSubtype = { AFI_IPV4: 1, AFI_IPV6: 2 } as const;

/** TABLE_DUMP_V2 subtypes (RFC 6396 §4.3, RFC 8050 §3). */
export const TableDumpV2Subtype = {
  PEER_INDEX_TABLE: 1,
  RIB_IPV4_UNICAST: 2,
  RIB_IPV4_MULTICAST: 3,
  RIB_IPV6_UNICAST: 4,
  RIB_IPV6_MULTICAST: 5,
  RIB_GENERIC: 6,
  GEO_PEER_TABLE: 7,
  RIB_IPV4_UNICAST_ADDPATH: 8,
  RIB_IPV4_MULTICAST_ADDPATH: 9,
  RIB_IPV6_UNICAST_ADDPATH: 10,
  RIB_IPV6_MULTICAST_ADDPATH: 11,
  RIB_GENERIC_ADDPATH: 12,
} as const;
const tableDumpV2Names = reverse(TableDumpV2Subtype);
/** Name of a TABLE_DUMP_V2 subtype, or `SUBTYPE<n>`. */
export function tableDumpV2SubtypeName(subtype: number): string {
  return tableDumpV2Names.get(subtype) ?? `SUBTYPE${subtype}`;
}

/** BGP4MP / BGP4MP_ET subtypes (RFC 6396 §4.4, RFC 8050 §3; 2 and 3 are the deprecated ENTRY/SNAPSHOT). */
export const Bgp4mpSubtype = {
  STATE_CHANGE: 0,
  MESSAGE: 1,
  ENTRY: 2,
  SNAPSHOT: 3,
  MESSAGE_AS4: 4,
  STATE_CHANGE_AS4: 5,
  MESSAGE_LOCAL: 6,
  MESSAGE_AS4_LOCAL: 7,
  MESSAGE_ADDPATH: 8,
  MESSAGE_AS4_ADDPATH: 9,
  MESSAGE_LOCAL_ADDPATH: 10,
  MESSAGE_AS4_LOCAL_ADDPATH: 11,
} as const;
const bgp4mpNames = reverse(Bgp4mpSubtype);
/** Name of a BGP4MP subtype, or `SUBTYPE<n>`. */
export function bgp4mpSubtypeName(subtype: number): string {
  return bgp4mpNames.get(subtype) ?? `SUBTYPE${subtype}`;
}

/** BGP FSM states as numbered in BGP4MP_STATE_CHANGE (RFC 6396 §4.4.1). */
export const BgpFsmState = {
  IDLE: 1,
  CONNECT: 2,
  ACTIVE: 3,
  OPEN_SENT: 4,
  OPEN_CONFIRM: 5,
  ESTABLISHED: 6,
} as const;

/** Fixed sizes of the format (RFC 6396 §2, §3). */
export const MrtLimits = {
  /** Common header: timestamp, type, subtype, length. */
  HEADER_LENGTH: 12,
  /** Common header plus the microsecond timestamp of the `_ET` types. */
  ET_HEADER_LENGTH: 16,
  /**
   * Default ceiling on one record's length. RFC 6396 allows 2^32-1; real dumps stay far below
   * (a RIB record of a prefix seen by every peer of a big collector is a few hundred KB), so a
   * larger length almost certainly means a damaged file, and refusing it bounds memory.
   */
  DEFAULT_MAX_RECORD_LENGTH: 16 * 1024 * 1024,
} as const;
