/**
 * Where the length fields of a well-formed input are, so the fuzzer can lie in them on purpose:
 * the message header length (RFC 4271 §4.1), the UPDATE section lengths (§4.3), each attribute
 * length (1 or 2 octets by the Extended Length flag), AS_PATH segment lengths, MP_REACH next hop
 * lengths (RFC 4760 §3), every NLRI prefix length, OPEN parameter and capability lengths
 * (RFC 5492 §4), and in MRT the record length (RFC 6396 §2) plus the fields of the BGP content.
 * The walkers trust nothing: on a short or odd input they stop and return what they found.
 */
import { AttrFlag, AttrType, MessageType } from "../../src/constants.js";
import { type CodecContext, familyKey } from "../../src/context.js";
import { decodeMrtRecord } from "../../src/mrt/record.js";

/** What a length field counts, for statistics and for picking lies that matter. */
export type LengthFieldKind =
  | "header"
  | "section"
  | "attribute"
  | "prefix"
  | "segment"
  | "next-hop"
  | "parameter"
  | "record";

/** A length field: `size` big-endian octets at `at`. */
export interface LengthField {
  readonly at: number;
  readonly size: 1 | 2 | 4;
  readonly kind: LengthFieldKind;
}

const u16 = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);

/** Prefix length octets of an NLRI field in `b[from, to)` (RFC 4271 §4.3, RFC 7911 §3). */
function prefixFields(b: Uint8Array, from: number, to: number, addPath: boolean, out: LengthField[]): void {
  let i = from;
  while (i < to) {
    if (addPath) i += 4;
    if (i >= to) return;
    out.push({ at: i, size: 1, kind: "prefix" });
    i += 1 + (((b[i] ?? 0) + 7) >> 3);
  }
}

/** Segment lengths of an AS_PATH / AS4_PATH: type (1), number of ASes (1), ASes (RFC 4271 §4.3). */
function asPathFields(b: Uint8Array, from: number, to: number, width: 2 | 4, out: LengthField[]): void {
  for (let i = from; i + 2 <= to; i += 2 + (b[i + 1] ?? 0) * width) {
    out.push({ at: i + 1, size: 1, kind: "segment" });
  }
}

function mpFields(
  b: Uint8Array,
  type: number,
  from: number,
  to: number,
  ctx: CodecContext,
  out: LengthField[],
): void {
  if (from + 3 > to) return;
  const addPath = ctx.addPathReceive.has(familyKey(u16(b, from), b[from + 2] ?? 0));
  let i = from + 3;
  if (type === AttrType.MP_REACH_NLRI) {
    if (i >= to) return;
    out.push({ at: i, size: 1, kind: "next-hop" });
    i += 1 + (b[i] ?? 0) + 1; // next hop, then the reserved octet (RFC 4760 §3)
  }
  // Only unicast/multicast NLRI are plain prefixes; labelled/VPN NLRI would be misread.
  const safi = b[from + 2] ?? 0;
  if (safi === 1 || safi === 2) prefixFields(b, i, to, addPath, out);
}

/** The attribute length fields of a Path Attributes field in `b[from, to)` (RFC 4271 §4.3). */
export function attributeFields(
  b: Uint8Array,
  from: number,
  to: number,
  ctx: CodecContext,
  out: LengthField[],
): void {
  let i = from;
  while (i + 3 <= to) {
    const flags = b[i] ?? 0;
    const type = b[i + 1] ?? 0;
    const ext = (flags & AttrFlag.EXTENDED_LENGTH) !== 0;
    const len = ext ? u16(b, i + 2) : (b[i + 2] ?? 0);
    out.push({ at: i + 2, size: ext ? 2 : 1, kind: "attribute" });
    const v = i + (ext ? 4 : 3);
    const end = Math.min(v + len, to);
    // AS4_PATH is always 4 octets wide (RFC 6793 §3); AS_PATH as negotiated.
    if (type === AttrType.AS_PATH) asPathFields(b, v, end, ctx.asn4 ? 4 : 2, out);
    else if (type === AttrType.AS4_PATH) asPathFields(b, v, end, 4, out);
    else if (type === AttrType.MP_REACH_NLRI || type === AttrType.MP_UNREACH_NLRI)
      mpFields(b, type, v, end, ctx, out);
    i = v + len;
  }
}

function updateFields(b: Uint8Array, base: number, end: number, ctx: CodecContext, out: LengthField[]): void {
  const addPath = ctx.addPathReceive.has("1/1");
  const w = base + 19;
  if (w + 2 > end) return;
  out.push({ at: w, size: 2, kind: "section" });
  const wEnd = Math.min(w + 2 + u16(b, w), end);
  prefixFields(b, w + 2, wEnd, addPath, out);
  if (wEnd + 2 > end) return;
  out.push({ at: wEnd, size: 2, kind: "section" });
  const aEnd = Math.min(wEnd + 2 + u16(b, wEnd), end);
  attributeFields(b, wEnd + 2, aEnd, ctx, out);
  prefixFields(b, aEnd, end, addPath, out);
}

function openFields(b: Uint8Array, base: number, end: number, out: LengthField[]): void {
  const at = base + 28;
  if (at >= end) return;
  out.push({ at, size: 1, kind: "section" });
  // RFC 9072 extended parameters (255, 255) keep their own layout; lie only in the outer length.
  if (b[at] === 255 && b[at + 1] === 255) return;
  let p = at + 1;
  const pEnd = Math.min(p + (b[at] ?? 0), end);
  while (p + 2 <= pEnd) {
    out.push({ at: p + 1, size: 1, kind: "parameter" });
    const len = b[p + 1] ?? 0;
    if (b[p] === 2) {
      // Capabilities (RFC 5492 §4): code, length, value.
      for (let c = p + 2; c + 2 <= Math.min(p + 2 + len, pEnd); c += 2 + (b[c + 1] ?? 0)) {
        out.push({ at: c + 1, size: 1, kind: "parameter" });
      }
    }
    p += 2 + len;
  }
}

/** The length fields of the BGP message at `b[base, end)` (header included). */
export function messageFields(b: Uint8Array, ctx: CodecContext, base = 0, end = b.length): LengthField[] {
  const out: LengthField[] = [];
  if (base + 19 > end) return out;
  out.push({ at: base + 16, size: 2, kind: "header" });
  const type = b[base + 18];
  if (type === MessageType.UPDATE) updateFields(b, base, end, ctx, out);
  else if (type === MessageType.OPEN) openFields(b, base, end, out);
  else if (type === MessageType.NOTIFICATION && base + 21 < end && b[base + 19] === 6) {
    // Shutdown communication length (RFC 9003 §2) after Cease / Administrative Shutdown or Reset.
    if (b[base + 20] === 2 || b[base + 20] === 4) out.push({ at: base + 21, size: 1, kind: "section" });
  }
  return out;
}

/**
 * The length fields of one whole MRT record: its header length, and those of its content as
 * decoded by the MRT layer (the embedded BGP message of BGP4MP, each RIB entry's attribute
 * length and attributes). `contextOf` gives the codec context of an embedded message.
 */
export function mrtFields(
  b: Uint8Array,
  contextOf: (as4: boolean, addPath: boolean) => CodecContext,
): LengthField[] {
  const out: LengthField[] = [{ at: 8, size: 4, kind: "record" }];
  let rec: ReturnType<typeof decodeMrtRecord>;
  try {
    rec = decodeMrtRecord(b);
  } catch {
    return out;
  }
  // Content fields are views into `b`: their byteOffset gives their place in the record.
  const at = (v: Uint8Array): number => v.byteOffset - b.byteOffset;
  switch (rec.type) {
    case "BGP4MP_MESSAGE": {
      const from = at(rec.message);
      out.push(...messageFields(b, contextOf(rec.as4, rec.addPath), from, from + rec.message.length));
      break;
    }
    case "RIB":
      for (const e of rec.entries) {
        const from = at(e.attributes);
        out.push({ at: from - 2, size: 2, kind: "section" });
        attributeFields(b, from, from + e.attributes.length, contextOf(true, false), out);
      }
      break;
    case "TABLE_DUMP": {
      const from = at(rec.attributes);
      out.push({ at: from - 2, size: 2, kind: "section" });
      attributeFields(b, from, from + rec.attributes.length, contextOf(false, false), out);
      break;
    }
    default:
      break;
  }
  return out;
}
