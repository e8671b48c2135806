/**
 * Protocol numbers shared by every part of the codec. Each table is an `as const` object with a
 * reverse name lookup, so logs and the CLI print names while the hot path compares numbers.
 */

/** Builds the reverse (number → name) lookup for an `as const` table. */
function reverse<T extends Record<string, number>>(table: T): ReadonlyMap<number, keyof T & string> {
  const m = new Map<number, keyof T & string>();
  for (const [k, v] of Object.entries(table)) m.set(v, k as keyof T & string);
  return m;
}

/** BGP message types (RFC 4271 §4.1, RFC 2918). */
export const MessageType = {
  OPEN: 1,
  UPDATE: 2,
  NOTIFICATION: 3,
  KEEPALIVE: 4,
  ROUTE_REFRESH: 5,
} as const;
/** A BGP message type number. */
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];
const messageTypeNames = reverse(MessageType);
/** Name of a message type code, or `TYPE<n>` for an unknown one. */
export function messageTypeName(code: number): string {
  return messageTypeNames.get(code) ?? `TYPE${code}`;
}

/** Address family identifiers (IANA). */
export const Afi = { IPV4: 1, IPV6: 2 } as const;
/** An address family we model as a value (IPv4 or IPv6). */
export type AfiCode = (typeof Afi)[keyof typeof Afi];
/** Subsequent address family identifiers (IANA) that the codec knows by name. */
export const Safi = { UNICAST: 1, MULTICAST: 2, MPLS_LABEL: 4, MPLS_VPN: 128, FLOWSPEC: 133 } as const;

/** Path attribute type codes (IANA "BGP Path Attributes"). */
export const AttrType = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MULTI_EXIT_DISC: 4,
  LOCAL_PREF: 5,
  ATOMIC_AGGREGATE: 6,
  AGGREGATOR: 7,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  MP_REACH_NLRI: 14,
  MP_UNREACH_NLRI: 15,
  EXTENDED_COMMUNITIES: 16,
  AS4_PATH: 17,
  AS4_AGGREGATOR: 18,
  LARGE_COMMUNITIES: 32,
} as const;
const attrTypeNames = reverse(AttrType);
/** Name of a path attribute type code, or `ATTR<n>` for an unknown one. */
export function attrTypeName(code: number): string {
  return attrTypeNames.get(code) ?? `ATTR${code}`;
}

/** Path attribute flag bits (RFC 4271 §4.3). */
export const AttrFlag = {
  OPTIONAL: 0x80,
  TRANSITIVE: 0x40,
  PARTIAL: 0x20,
  EXTENDED_LENGTH: 0x10,
} as const;

/** ORIGIN values (RFC 4271 §5.1.1). */
export const Origin = { IGP: 0, EGP: 1, INCOMPLETE: 2 } as const;
/** An ORIGIN value. */
export type OriginCode = (typeof Origin)[keyof typeof Origin];

/** AS_PATH segment types (RFC 4271 §4.3, RFC 5065 for the confederation ones). */
export const AsPathSegmentType = {
  AS_SET: 1,
  AS_SEQUENCE: 2,
  AS_CONFED_SEQUENCE: 3,
  AS_CONFED_SET: 4,
} as const;
/** An AS_PATH segment type. */
export type AsPathSegmentTypeCode = (typeof AsPathSegmentType)[keyof typeof AsPathSegmentType];

/** AS_TRANS, the 2-octet stand-in for a 4-octet AS number (RFC 6793 §9). */
export const AS_TRANS = 23456;

/** Well-known communities (RFC 1997, RFC 3765, RFC 7999, RFC 8326). */
export const WellKnownCommunity = {
  GRACEFUL_SHUTDOWN: 0xffff0000,
  ACCEPT_OWN: 0xffff0001,
  BLACKHOLE: 0xffff029a,
  NO_EXPORT: 0xffffff01,
  NO_ADVERTISE: 0xffffff02,
  NO_EXPORT_SUBCONFED: 0xffffff03,
  NOPEER: 0xffffff04,
} as const;

/** Capability codes (IANA "Capability Codes"). */
export const CapabilityCode = {
  MULTIPROTOCOL: 1,
  ROUTE_REFRESH: 2,
  EXTENDED_NEXT_HOP: 5,
  EXTENDED_MESSAGE: 6,
  BGP_ROLE: 9,
  GRACEFUL_RESTART: 64,
  FOUR_OCTET_AS: 65,
  ADD_PATH: 69,
  ENHANCED_ROUTE_REFRESH: 70,
  LONG_LIVED_GRACEFUL_RESTART: 71,
  FQDN: 73,
} as const;
const capabilityNames = reverse(CapabilityCode);
/** Name of a capability code, or `CAP<n>` for an unknown one. */
export function capabilityName(code: number): string {
  return capabilityNames.get(code) ?? `CAP${code}`;
}

/** Fixed sizes of the protocol (RFC 4271 §4, RFC 8654). */
export const Limits = {
  HEADER_LENGTH: 19,
  MARKER_LENGTH: 16,
  MIN_MESSAGE_LENGTH: 19,
  MAX_MESSAGE_LENGTH: 4096,
  MAX_EXTENDED_MESSAGE_LENGTH: 65535,
} as const;
