/**
 * AS_PATH text as bgpdump prints it, and its RFC 6793 AS4_PATH merge for 2-octet sessions,
 * both reproduced from bgpdump 1.6's behaviour (quirks included, see each function).
 */

/** An AS path as bgpdump holds it: raw segments, AS width, text and "count". */
export interface BgpdumpAsPath {
  /** Buffer holding the segment bytes (type, count, ASNs) at `[start, end)`. */
  readonly b: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** 2 or 4. */
  readonly asnLen: 2 | 4;
  /** Text form ("! Error !" for a malformed path). */
  str: string;
  /** Path length as bgpdump counts it: each sequence AS counts 1, each set counts 1. */
  count: number;
}

const OPEN: Record<number, string> = { 1: "{", 3: "(", 4: "[" };
const CLOSE: Record<number, string> = { 1: "}", 3: ")", 4: "]" };
/** bgpdump stops a path's text after about 7900 characters and appends "...". */
const MAX_TEXT = 8000 - 100;

/**
 * Builds the text of a path: sequences space-separated, `{a,b}` for AS_SET, `(a b)` for
 * AS_CONFED_SEQUENCE, `[a,b]` for AS_CONFED_SET (RFC 4271 §4.3, RFC 5065 §3); an unknown
 * segment type or a segment longer than the data gives "! Error !" with count 0.
 */
export function makeAsPath(data: Uint8Array, start: number, end: number, asnLen: 2 | 4): BgpdumpAsPath {
  const p: BgpdumpAsPath = { b: data, start, end, asnLen, str: "", count: 0 };
  let s = "";
  let space = false;
  let prevType = 2;
  let lastType = -1;
  let pos = start;
  while (pos < end) {
    const type = data[pos]!;
    const n = pos + 1 < end ? data[pos + 1]! : 0;
    if (type < 1 || type > 4 || pos + n * asnLen + 2 > end) {
      p.str = "! Error !";
      p.count = 0;
      return p;
    }
    if (prevType !== 2) s += CLOSE[prevType];
    if (space) s += " ";
    if (type !== 2) s += OPEN[type];
    space = false;
    p.count += type === 2 || type === 3 ? n : 1;
    const sep = type === 1 || type === 4 ? "," : " ";
    let q = pos + 2;
    for (let i = 0; i < n; i++, q += asnLen) {
      if (space) s += sep;
      else space = true;
      const asn =
        asnLen === 2
          ? (data[q]! << 8) | data[q + 1]!
          : ((data[q]! << 24) | (data[q + 1]! << 16) | (data[q + 2]! << 8) | data[q + 3]!) >>> 0;
      s += asn;
      if (s.length > MAX_TEXT) {
        p.str = `${s}...`;
        return p;
      }
    }
    prevType = type;
    lastType = type;
    pos += n * asnLen + 2;
  }
  if (lastType !== -1 && lastType !== 2) s += CLOSE[lastType];
  p.str = s;
  return p;
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
