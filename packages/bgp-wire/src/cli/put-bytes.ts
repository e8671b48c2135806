/**
 * Writers for the line loops: each puts ASCII bytes into a buffer at `p`, with room reserved by
 * the caller (`AsciiOutput.reserve`), and returns the next position. One room check per line
 * instead of one per field is what makes the per-prefix loops cheap.
 */

/** Digits of 0..255: `OCTET_LEN[v]` bytes at `OCTET_DIGITS[3 * v]`. */
const OCTET_LEN = new Uint8Array(256);
const OCTET_DIGITS = new Uint8Array(768);
for (let v = 0; v < 256; v++) {
  const s = String(v);
  OCTET_LEN[v] = s.length;
  for (let i = 0; i < s.length; i++) OCTET_DIGITS[3 * v + i] = s.charCodeAt(i);
}

/** Below this many bytes a JS loop copies faster than a native call. */
const NATIVE_COPY = 32;

/** Puts `src[s, e)` with a byte loop (for short pieces such as a prefix's text). */
export function putBytes(buf: Uint8Array, p: number, src: Uint8Array, s: number, e: number): number {
  for (let i = s; i < e; i++) buf[p++] = src[i]!;
  return p;
}

/**
 * Puts all of `v`. Measured on Node 20: a byte loop costs ~1.5-2.5 ns a byte and
 * `TypedArray.set` of a whole view a flat few tens of ns, so longer pieces (line heads,
 * attribute tails) go through `set`. (`Buffer.copy` of a range allocates a view per call, and
 * so does `set(subarray())`: callers keep ready-made views of their pieces instead.)
 */
export function putView(buf: Uint8Array, p: number, v: Uint8Array): number {
  const n = v.length;
  if (n >= NATIVE_COPY) buf.set(v, p);
  else for (let i = 0; i < n; i++) buf[p + i] = v[i]!;
  return p + n;
}

/** Puts 0..255 in decimal. */
export function putOctet(buf: Uint8Array, p: number, v: number): number {
  const d = 3 * v;
  const n = OCTET_LEN[v]!;
  buf[p] = OCTET_DIGITS[d]!;
  if (n > 1) buf[p + 1] = OCTET_DIGITS[d + 1]!;
  if (n > 2) buf[p + 2] = OCTET_DIGITS[d + 2]!;
  return p + n;
}

/** Puts the 4 bytes at `src[o, o + 4)` as a dotted quad (at most 15 bytes). */
export function putIpv4Bytes(buf: Uint8Array, p: number, src: Uint8Array, o: number): number {
  p = putOctet(buf, p, src[o]!);
  buf[p++] = 46;
  p = putOctet(buf, p, src[o + 1]!);
  buf[p++] = 46;
  p = putOctet(buf, p, src[o + 2]!);
  buf[p++] = 46;
  return putOctet(buf, p, src[o + 3]!);
}

/** Decimal digits of a uint32. */
export function digitCount(v: number): number {
  if (v < 10000) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
  if (v < 100000000) return v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : 8;
  return v < 1000000000 ? 9 : 10;
}

/** The two digits of 0..99: `DIGITS2[2 * v]`, `DIGITS2[2 * v + 1]`. */
const DIGITS2 = new Uint8Array(200);
for (let v = 0; v < 100; v++) {
  DIGITS2[2 * v] = 48 + Math.floor(v / 10);
  DIGITS2[2 * v + 1] = 48 + (v % 10);
}

/**
 * Puts a uint32 in decimal (at most 10 bytes), two digits per division. The `>>> 0`s keep the
 * arithmetic in uint32 for the optimizing compiler: values above 2^30 (timestamps, 4-octet
 * ASNs) are not small integers, and plain `%` and `/` on them cost 3-5 times more as doubles.
 */
export function putUint(buf: Uint8Array, p: number, v: number): number {
  let t = v >>> 0;
  if (t < 10) {
    buf[p] = 48 + t;
    return p + 1;
  }
  const end = p + digitCount(t);
  let q = end;
  while (t >= 100) {
    const d = (t / 100) >>> 0;
    const r = t - d * 100;
    t = d;
    buf[--q] = DIGITS2[2 * r + 1]!;
    buf[--q] = DIGITS2[2 * r]!;
  }
  if (t >= 10) {
    buf[--q] = DIGITS2[2 * t + 1]!;
    buf[--q] = DIGITS2[2 * t]!;
  } else buf[--q] = 48 + t;
  return end;
}
