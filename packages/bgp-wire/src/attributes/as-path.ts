/**
 * AS_PATH / AS4_PATH and AGGREGATOR / AS4_AGGREGATOR (RFC 4271 §4.3, §5.1.2, §5.1.7; RFC 6793).
 * Each AS_PATH segment on the wire:
 * ```
 * +--------------+---------------+----------------------------------------+
 * | type (1 oct) | count (1 oct) | count AS numbers, 2 or 4 octets each    |
 * +--------------+---------------+----------------------------------------+
 * ```
 * The AS width of AS_PATH and AGGREGATOR follows the session (`ctx.asn4`); AS4_PATH and
 * AS4_AGGREGATOR are always 4-octet. Values are decoded faithfully; the RFC 6793 merge is
 * `normalizeAs4`.
 */
import { AttrFlag, AttrType, type AsPathSegmentTypeCode } from "../constants.js";
import type { CodecContext } from "../context.js";
import { Rfc7606Action, UpdateSubcode } from "../errors.js";
import { encodeError } from "../nlri/nlri-error.js";
import type { AsPathSegment } from "../types/attributes.js";
import type { ByteWriter } from "../writer.js";
import { MalformedAttribute } from "./attr-error.js";
import { u16, u32 } from "./read-bytes.js";
import type { AttrDescriptor, AttrSlice } from "./descriptor.js";

/** Most AS numbers one segment can hold (the count is one octet). */
const MAX_SEGMENT = 255;

/**
 * Decodes AS path segments of `width` octets per AS. Malformed (RFC 7606 §7.2, RFC 6793 §6):
 * an unknown segment type, a zero count, a segment overrunning the attribute, or trailing bytes.
 */
export function decodeAsPathSegments(s: AttrSlice, width: 2 | 4, what: string): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  const end = s.start + s.len;
  const { bytes } = s;
  let i = s.start;
  while (i < end) {
    if (end - i < 2)
      throw new MalformedAttribute(`${what}: truncated segment header`, UpdateSubcode.MALFORMED_AS_PATH);
    const type = bytes[i] as number;
    const count = bytes[i + 1] as number;
    if (type < 1 || type > 4) {
      throw new MalformedAttribute(`${what}: unknown segment type ${type}`, UpdateSubcode.MALFORMED_AS_PATH);
    }
    if (count === 0) throw new MalformedAttribute(`${what}: empty segment`, UpdateSubcode.MALFORMED_AS_PATH);
    i += 2;
    if (i + count * width > end) {
      throw new MalformedAttribute(
        `${what}: segment overruns the attribute`,
        UpdateSubcode.MALFORMED_AS_PATH,
      );
    }
    const asns: number[] = new Array(count);
    if (width === 4) {
      for (let k = 0; k < count; k++) asns[k] = u32(bytes, i + 4 * k);
    } else {
      for (let k = 0; k < count; k++) asns[k] = u16(bytes, i + 2 * k);
    }
    i += count * width;
    segments.push({ type: type as AsPathSegmentTypeCode, asns });
  }
  return segments;
}

/** True exactly when {@link decodeAsPathSegments} would accept the value (nothing is built). */
export function asPathSegmentsValid(s: AttrSlice, width: 2 | 4): boolean {
  const end = s.start + s.len;
  const { bytes } = s;
  let i = s.start;
  while (i < end) {
    if (end - i < 2) return false;
    const type = bytes[i] as number;
    const count = bytes[i + 1] as number;
    if (type < 1 || type > 4 || count === 0) return false;
    i += 2 + count * width;
    if (i > end) return false;
  }
  return true;
}

/** Appends AS path segments, splitting any longer than 255 AS numbers (RFC 4271 §9.2.2.1 style). */
export function encodeAsPathSegments(w: ByteWriter, segments: readonly AsPathSegment[], width: 2 | 4): void {
  for (const seg of segments) {
    const asns = seg.asns;
    if (asns.length === 0) throw encodeError("AS path segment with no AS numbers");
    for (let from = 0; from < asns.length; from += MAX_SEGMENT) {
      const n = Math.min(MAX_SEGMENT, asns.length - from);
      w.u8(seg.type);
      w.u8(n);
      for (let k = from; k < from + n; k++) writeAsn(w, asns[k] as number, width);
    }
  }
}

function writeAsn(w: ByteWriter, asn: number, width: 2 | 4): void {
  if (!Number.isInteger(asn) || asn < 0 || asn > 0xffffffff)
    throw encodeError(`AS number ${asn} out of range`);
  if (width === 4) w.u32(asn);
  else {
    // Faithful codec: a 2-octet session carries AS_TRANS; substituting it is the caller's job.
    if (asn > 0xffff) throw encodeError(`AS number ${asn} does not fit a 2-octet session (use AS_TRANS)`);
    w.u16(asn);
  }
}

function sessionWidth(ctx: CodecContext): 2 | 4 {
  return ctx.asn4 ? 4 : 2;
}

/** AS_PATH (RFC 4271 §5.1.2); malformed → treat-as-withdraw (RFC 7606 §7.2). */
export const asPathAttr: AttrDescriptor = {
  type: AttrType.AS_PATH,
  name: "AS_PATH",
  flags: AttrFlag.TRANSITIVE,
  onError: Rfc7606Action.TREAT_AS_WITHDRAW,
  decode(s, ctx, out) {
    out.asPath = decodeAsPathSegments(s, sessionWidth(ctx), "AS_PATH");
  },
  check: (s, ctx) => asPathSegmentsValid(s, sessionWidth(ctx)),
  has: (a) => a.asPath !== undefined,
  encode(w, a, ctx) {
    encodeAsPathSegments(w, a.asPath ?? [], sessionWidth(ctx));
  },
};

/** AS4_PATH (RFC 6793 §3); malformed → attribute discard (RFC 6793 §6). */
export const as4PathAttr: AttrDescriptor = {
  type: AttrType.AS4_PATH,
  name: "AS4_PATH",
  flags: AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE,
  onError: Rfc7606Action.ATTRIBUTE_DISCARD,
  decode(s, _ctx, out) {
    // RFC 6793 §6: also malformed when shorter than one segment with one AS.
    if (s.len < 6)
      throw new MalformedAttribute("AS4_PATH: shorter than 6 octets", UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR);
    out.as4Path = decodeAsPathSegments(s, 4, "AS4_PATH");
  },
  check: (s) => s.len >= 6 && asPathSegmentsValid(s, 4),
  has: (a) => a.as4Path !== undefined,
  encode(w, a) {
    encodeAsPathSegments(w, a.as4Path ?? [], 4);
  },
};

/** AGGREGATOR (RFC 4271 §5.1.7): 2- or 4-octet AS + IPv4 address; bad length → discard (RFC 7606 §7.7). */
export const aggregatorAttr: AttrDescriptor = {
  type: AttrType.AGGREGATOR,
  name: "AGGREGATOR",
  flags: AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE,
  onError: Rfc7606Action.ATTRIBUTE_DISCARD,
  decode(s, ctx, out) {
    const width = sessionWidth(ctx);
    if (s.len !== width + 4) {
      throw new MalformedAttribute(
        `AGGREGATOR: length ${s.len}, expected ${width + 4}`,
        UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
      );
    }
    const asn = width === 4 ? u32(s.bytes, s.start) : u16(s.bytes, s.start);
    out.aggregator = { asn, address: u32(s.bytes, s.start + width) };
  },
  check: (s, ctx) => s.len === sessionWidth(ctx) + 4,
  has: (a) => a.aggregator !== undefined,
  encode(w, a, ctx) {
    const agg = a.aggregator ?? { asn: 0, address: 0 };
    writeAsn(w, agg.asn, sessionWidth(ctx));
    w.u32(agg.address);
  },
};

/** AS4_AGGREGATOR (RFC 6793 §3); bad length → attribute discard (RFC 6793 §6). */
export const as4AggregatorAttr: AttrDescriptor = {
  type: AttrType.AS4_AGGREGATOR,
  name: "AS4_AGGREGATOR",
  flags: AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE,
  onError: Rfc7606Action.ATTRIBUTE_DISCARD,
  decode(s, _ctx, out) {
    if (s.len !== 8) {
      throw new MalformedAttribute(
        `AS4_AGGREGATOR: length ${s.len}, expected 8`,
        UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
      );
    }
    out.as4Aggregator = { asn: u32(s.bytes, s.start), address: u32(s.bytes, s.start + 4) };
  },
  check: (s) => s.len === 8,
  has: (a) => a.as4Aggregator !== undefined,
  encode(w, a) {
    w.u32(a.as4Aggregator?.asn ?? 0);
    w.u32(a.as4Aggregator?.address ?? 0);
  },
};
