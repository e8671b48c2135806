/** TABLE_DUMP (RFC 6396 §4.2), the legacy one-route-per-record RIB format. */
import type { Prefix } from "../types/address.js";
import { TableDumpSubtype } from "./constants.js";
import type { MrtCursor } from "./cursor.js";
import type { MrtHeader, TableDumpRecord, UnknownMrtRecord } from "./types.js";

/** Decodes a TABLE_DUMP message field; subtypes other than AFI_IPv4/AFI_IPv6 are kept raw. */
export function decodeTableDump(c: MrtCursor, header: MrtHeader): TableDumpRecord | UnknownMrtRecord {
  const afi = header.subtype;
  if (afi !== TableDumpSubtype.AFI_IPV4 && afi !== TableDumpSubtype.AFI_IPV6) {
    return { type: "UNKNOWN", header, body: c.view(c.remaining, "body") };
  }
  const viewNumber = c.u16("view number");
  const sequence = c.u16("sequence number");
  const addr = c.ip(afi, "prefix");
  const len = c.u8("prefix length");
  if (len > (afi === 1 ? 32 : 128)) c.fail(`prefix length ${len} too long for AFI ${afi}`, c.pos - 1);
  // The prefix field is a full address; host bits are kept as stored (RFC 6396 §4.2).
  const prefix: Prefix = addr.afi === 1 ? { afi: 1, addr: addr.addr, len } : { afi: 2, addr: addr.addr, len };
  const status = c.u8("status");
  const originatedTime = c.u32("originated time");
  const peerIp = c.ip(afi, "peer IP address");
  const peerAs = c.u16("peer AS");
  const attrLen = c.u16("attribute length");
  const attributes = c.view(attrLen, "path attributes");
  return {
    type: "TABLE_DUMP",
    header,
    viewNumber,
    sequence,
    prefix,
    status,
    originatedTime,
    peerIp,
    peerAs,
    attributes,
  };
}
