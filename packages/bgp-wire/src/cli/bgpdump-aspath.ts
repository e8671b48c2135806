/**
 * AS_PATH text as bgpdump prints it, and its RFC 6793 AS4_PATH merge for 2-octet sessions,
 * both reproduced from bgpdump 1.6's behaviour (quirks included, see each function).
 */

import type { AsciiOutput } from "./output.js";
import { digitCount, putUint } from "./put-bytes.js";

/** An AS path as bgpdump holds it: raw segments, AS width, validity and "count". */
export interface BgpdumpAsPath {
  /** Buffer holding the segment bytes (type, count, ASNs) at `[start, end)`. */
  b: Uint8Array;
  start: number;
  end: number;
  /** 2 or 4. */
  asnLen: 2 | 4;
  /** `error` and `count` are set (see {@link measuredAsPath}); until then both read false / 0. */
  measured: boolean;
  /** A malformed path: printed as "! Error !". */
  error: boolean;
  /** Path length as bgpdump counts it: each sequence AS counts 1, each set counts 1. */
  count: number;
}

/** Opening and closing characters of segment types 1 (AS_SET), 3 and 4 (confederations). */
const OPEN = [0, 123, 0, 40, 91];
const CLOSE = [0, 125, 0, 41, 93];
/** bgpdump stops a path's text after about 7900 characters and appends "...". */
const MAX_TEXT = 8000 - 100;
const ERROR_TEXT = "! Error !";

/**
 * Walks the path the way bgpdump builds its text (see {@link writeAsPath}) without writing it:
 * sets `p.count` and `p.error` (an unknown segment type or a segment longer than the data), so
 * the text costs nothing unless it is printed. The text stops after `MAX_TEXT` characters, and
 * so does the count, as in bgpdump: both walks take the same steps.
 */
function measure(p: BgpdumpAsPath): void {
  const data = p.b;
  const end = p.end;
  const asnLen = p.asnLen;
  let len = 0;
  let count = 0;
  let space = false;
  let prevType = 2;
  let pos = p.start;
  while (pos < end) {
    const type = data[pos]!;
    const n = pos + 1 < end ? data[pos + 1]! : 0;
    if (type < 1 || type > 4 || pos + n * asnLen + 2 > end) {
      p.error = true;
      p.count = 0;
      return;
    }
    if (prevType !== 2) len++;
    if (space) len++;
    if (type !== 2) len++;
    space = false;
    count += type === 2 || type === 3 ? n : 1;
    let q = pos + 2;
    for (let i = 0; i < n; i++, q += asnLen) {
      if (space) len++;
      else space = true;
      const asn =
        asnLen === 2
          ? (data[q]! << 8) | data[q + 1]!
          : ((data[q]! << 24) | (data[q + 1]! << 16) | (data[q + 2]! << 8) | data[q + 3]!) >>> 0;
      len += digitCount(asn);
      if (len > MAX_TEXT) {
        p.count = count;
        return;
      }
    }
    prevType = type;
    pos += n * asnLen + 2;
  }
  p.count = count;
}

/**
 * A path over `data[start, end)`, not yet measured: only the AS4_PATH merge of 2-octet records
 * needs its count ({@link measuredAsPath}); {@link writeAsPath} finds errors as it goes.
 *
 * @param into an object to reuse (the formatter's paths live until the next record)
 */
export function makeAsPath(
  data: Uint8Array,
  start: number,
  end: number,
  asnLen: 2 | 4,
  into?: BgpdumpAsPath,
): BgpdumpAsPath {
  if (!into) return { b: data, start, end, asnLen, measured: false, error: false, count: 0 };
  into.b = data;
  into.start = start;
  into.end = end;
  into.asnLen = asnLen;
  into.measured = false;
  into.error = false;
  into.count = 0;
  return into;
}

/** `p` with its count and validity set. */
export function measuredAsPath(p: BgpdumpAsPath): BgpdumpAsPath {
  if (!p.measured) {
    measure(p);
    p.measured = true;
  }
  return p;
}

/**
 * Writes a path's text as bgpdump prints it: sequences space-separated, `{a,b}` for AS_SET,
 * `(a b)` for AS_CONFED_SEQUENCE, `[a,b]` for AS_CONFED_SET (RFC 4271 §4.3, RFC 5065 §3), cut
 * with "..." once past `MAX_TEXT` characters; "! Error !" for a malformed path.
 */
export function writeAsPath(out: AsciiOutput, p: BgpdumpAsPath): void {
  if (p.error) {
    out.str(ERROR_TEXT);
    return;
  }
  const data = p.b;
  const end = p.end;
  const asnLen = p.asnLen;
  // Each path byte gives at most 6 characters ("65535," from 2 bytes, "4294967295," from 4,
  // "} {" from a 2-byte segment header), and the text stops near MAX_TEXT anyway.
  const buf = out.reserve(Math.min((end - p.start) * 6, MAX_TEXT + 16) + ERROR_TEXT.length);
  const start = out.length;
  let w = start;
  let space = false;
  let prevType = 2;
  let lastType = -1;
  let pos = p.start;
  while (pos < end) {
    const type = data[pos]!;
    const n = pos + 1 < end ? data[pos + 1]! : 0;
    // The checks of `measure`, in the same order, so an unmeasured path prints the same.
    if (type < 1 || type > 4 || pos + n * asnLen + 2 > end) {
      w = start;
      for (let i = 0; i < ERROR_TEXT.length; i++) buf[w++] = ERROR_TEXT.charCodeAt(i);
      out.commit(w);
      return;
    }
    if (prevType !== 2) buf[w++] = CLOSE[prevType]!;
    if (space) buf[w++] = 32;
    if (type !== 2) buf[w++] = OPEN[type]!;
    space = false;
    const sep = type === 1 || type === 4 ? 44 : 32;
    let q = pos + 2;
    for (let i = 0; i < n; i++, q += asnLen) {
      if (space) buf[w++] = sep;
      else space = true;
      const asn =
        asnLen === 2
          ? (data[q]! << 8) | data[q + 1]!
          : ((data[q]! << 24) | (data[q + 1]! << 16) | (data[q + 2]! << 8) | data[q + 3]!) >>> 0;
      w = putUint(buf, w, asn);
      if (w - start > MAX_TEXT) {
        buf[w++] = 46;
        buf[w++] = 46;
        buf[w++] = 46;
        out.commit(w);
        return;
      }
    }
    prevType = type;
    lastType = type;
    pos += n * asnLen + 2;
  }
  if (lastType !== -1 && lastType !== 2) buf[w++] = CLOSE[lastType]!;
  out.commit(w);
}

/**
 * bgpdump's AS_PATH + AS4_PATH merge for 2-octet sessions (its take on RFC 6793 §4.2.3): keep
 * the first `count(AS_PATH) - count(AS4_PATH)` ASes of AS_PATH, widened to 4 octets, then append
 * AS4_PATH. Faithful quirk: bgpdump copies the *first* segment of AS_PATH again and again until it
 * has enough ASes (it never advances to the second segment), truncating the last copy.
 */
export function mergeAs4Path(path: BgpdumpAsPath, newPath: BgpdumpAsPath): BgpdumpAsPath {
  const target = path.count - newPath.count;
  const parts: number[] = [];
  let count = 0;
  const d = path.b;
  const o = path.start;
  const type = o < path.end ? d[o]! : 2;
  const n = o + 1 < path.end ? d[o + 1]! : 0;
  while (count < target) {
    let len = n;
    if (type === 1 || type === 4) count += 1;
    else {
      count += n;
      if (n === 0) break; // bgpdump would loop forever here
      if (count > target) len = n - (count - target);
    }
    parts.push(type, len);
    for (let i = 0; i < len; i++) {
      const asn = ((d[o + 2 + 2 * i] ?? 0) << 8) | (d[o + 3 + 2 * i] ?? 0);
      parts.push(0, 0, asn >> 8, asn & 255);
    }
  }
  const merged = new Uint8Array(parts.length + newPath.end - newPath.start);
  merged.set(parts);
  merged.set(newPath.b.subarray(newPath.start, newPath.end), parts.length);
  return makeAsPath(merged, 0, merged.length, 4);
}
