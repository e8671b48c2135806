/**
 * Decoding the BGP content of MRT records with the codec's message and attribute decoders,
 * with the right context for each record: AS width from the subtype, ADD-PATH from the RFC 8050
 * subtypes, and RFC 8654 sizes (collectors log messages of up to 65535 bytes).
 */
import { type CodecContext, createContext, type FamilyKey } from "../context.js";
import { type DecodedPathAttributes, decodePathAttributes } from "../attributes/decode.js";
import { decodeMessage } from "../message/decode-message.js";
import type { Prefix } from "../types/address.js";
import type { BgpMessage } from "../types/messages.js";
import type { Bgp4mpMessageRecord, RibEntry, RibRecord, TableDumpRecord } from "./types.js";

/** Families whose NLRI carry path ids in the `_ADDPATH` subtypes (RFC 8050 §3: all of them). */
const ADD_PATH_FAMILIES: readonly FamilyKey[] = ["1/1", "1/2", "2/1", "2/2", "1/4", "2/4", "1/128", "2/128"];

const contexts = new Map<number, CodecContext>();

/** The codec context for a record's AS width and ADD-PATH use (cached; contexts are immutable). */
export function mrtContext(as4: boolean, addPath: boolean): CodecContext {
  const key = (as4 ? 1 : 0) | (addPath ? 2 : 0);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = createContext({
      asn4: as4,
      extendedMessage: true,
      ...(addPath ? { addPathReceive: ADD_PATH_FAMILIES } : {}),
    });
    contexts.set(key, ctx);
  }
  return ctx;
}

/**
 * Decodes the BGP message of a BGP4MP(_ET) MESSAGE record (RFC 6396 §4.4.2-4.4.6): 2- or 4-octet
 * AS numbers by subtype, path identifiers for the RFC 8050 `_ADDPATH` subtypes.
 *
 * @throws BgpWireError if the message is malformed beyond what RFC 7606 lets a receiver survive
 */
export function decodeBgp4mpMessage(rec: Bgp4mpMessageRecord): BgpMessage {
  return decodeMessage(rec.message, mrtContext(rec.as4, rec.addPath));
}

function nlriBytes(p: Prefix): Uint8Array {
  const n = (p.len + 7) >> 3;
  const out = new Uint8Array(1 + n);
  out[0] = p.len;
  if (p.afi === 1) {
    for (let i = 0; i < n; i++) out[1 + i] = (p.addr >>> (24 - 8 * i)) & 255;
  } else {
    out.set(p.addr.subarray(0, n), 1);
  }
  return out;
}

/**
 * Rewrites a RIB entry's attributes into the UPDATE form: TABLE_DUMP_V2 stores MP_REACH_NLRI
 * abbreviated to "next hop length + next hop" (RFC 6396 §4.3.4); this expands it to a full
 * RFC 4760 attribute whose NLRI is the record's prefix, so the standard attribute decoder reads
 * it. Returns the input view unchanged when there is nothing to expand, otherwise a new buffer.
 */
export function expandRibAttributes(rec: RibRecord, entry: RibEntry): Uint8Array {
  const b = entry.attributes;
  let pos = 0;
  while (pos + 3 <= b.length) {
    const flags = b[pos]!;
    const type = b[pos + 1]!;
    const ext = (flags & 0x10) !== 0;
    const hdr = ext ? 4 : 3;
    if (pos + hdr > b.length) break;
    const len = ext ? (b[pos + 2]! << 8) | b[pos + 3]! : b[pos + 2]!;
    const v = pos + hdr;
    if (v + len > b.length) break;
    if (type === 14 && len > 1 && b[v] === len - 1) {
      const nlri = nlriBytes(rec.prefix);
      const valueLen = 3 + len + 1 + nlri.length;
      const newHdr = valueLen > 255 ? 4 : 3;
      const out = new Uint8Array(b.length - (hdr + len) + newHdr + valueLen);
      out.set(b.subarray(0, pos), 0);
      let o = pos;
      out[o++] = newHdr === 4 ? flags | 0x10 : flags & ~0x10;
      out[o++] = 14;
      if (newHdr === 4) out[o++] = valueLen >> 8;
      out[o++] = valueLen & 255;
      out[o++] = 0;
      out[o++] = rec.afi;
      out[o++] = rec.safi;
      out.set(b.subarray(v, v + len), o); // next hop length + next hop
      o += len;
      out[o++] = 0; // reserved (RFC 4760 §3)
      out.set(nlri, o);
      o += nlri.length;
      out.set(b.subarray(v + len), o);
      return out;
    }
    pos = v + len;
  }
  return b;
}

/**
 * Decodes a TABLE_DUMP_V2 RIB entry's attributes (4-octet AS numbers, RFC 6396 §4.3.4), after
 * {@link expandRibAttributes}.
 *
 * @throws BgpWireError for attribute errors that RFC 7606 would answer with a session reset
 */
export function decodeRibEntryAttributes(rec: RibRecord, entry: RibEntry): DecodedPathAttributes {
  return decodePathAttributes(expandRibAttributes(rec, entry), mrtContext(true, false));
}

/**
 * Decodes a TABLE_DUMP record's attributes (2-octet AS numbers, RFC 6396 §4.2).
 *
 * @throws BgpWireError for attribute errors that RFC 7606 would answer with a session reset
 */
export function decodeTableDumpAttributes(rec: TableDumpRecord): DecodedPathAttributes {
  return decodePathAttributes(rec.attributes, mrtContext(false, false));
}
