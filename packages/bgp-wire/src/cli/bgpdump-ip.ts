/**
 * Address formatting exactly as bgpdump 1.6 prints it. bgpdump does not use the C library's
 * `inet_ntop` for IPv6: it compresses the longest run of zero groups even when that run is a
 * single group (`2001:db8:1::1:2:3:4`, where glibc prints `2001:db8:1:0:1:2:3:4`), and prints
 * IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`, last word > 1) addresses
 * in dotted form. These functions reproduce that, byte for byte, for `tsbgp-mrt`.
 */

const OCTET: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Dotted quad of a uint32 (network order value, 10.0.0.1 = 0x0a000001). */
export function fmtIpv4(v: number): string {
  return `${OCTET[(v >>> 24) & 255]}.${OCTET[(v >>> 16) & 255]}.${OCTET[(v >>> 8) & 255]}.${OCTET[v & 255]}`;
}

/** Dotted quad of 4 bytes at `b[o..o+4)`. */
export function fmtIpv4Bytes(b: Uint8Array, o: number): string {
  return `${OCTET[b[o]!]}.${OCTET[b[o + 1]!]}.${OCTET[b[o + 2]!]}.${OCTET[b[o + 3]!]}`;
}

/** bgpdump's IPv6 text form of the 16 bytes at `b[o..o+16)` (see the module comment). */
export function fmtIpv6(b: Uint8Array, o = 0): string {
  let firstNonZero = 0;
  while (firstNonZero < 12 && b[o + firstNonZero] === 0) firstNonZero++;
  if (firstNonZero >= 10) {
    const w5 = (b[o + 10]! << 8) | b[o + 11]!;
    if (firstNonZero === 12 || w5 === 0xffff) {
      const mapped = firstNonZero === 10 && w5 === 0xffff;
      const v4 = ((b[o + 12]! << 24) | (b[o + 13]! << 16) | (b[o + 14]! << 8) | b[o + 15]!) >>> 0;
      // IN6_IS_ADDR_V4COMPAT: 96 zero bits and a last word above 1 (so :: and ::1 stay hex).
      if (mapped) return `::ffff:${fmtIpv4(v4)}`;
      if (firstNonZero === 12 && v4 > 1) return `::${fmtIpv4(v4)}`;
    }
  }
  const g = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) g[i] = (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!;
  // Longest run of zero groups, first one on ties; a run of one counts.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let s = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += i === 0 ? "::" : ":";
      i += bestLen - 1;
      continue;
    }
    // (A 65,536-string table here cost ~5 ms of start-up and GC for a few IPv6 lines.)
    s += g[i]!.toString(16);
    if (i !== 7) s += ":";
  }
  return s;
}
