/**
 * Text forms of addresses and prefixes, for display, logs and map keys only (the hot path keeps
 * numbers and bytes). Written here rather than taken from `ip-address` because bgp-wire is pure
 * and tiny; the formatting follows glibc `inet_ntop`, which is what bgpdump prints.
 */
import { BgpWireError } from "./errors.js";
import type { Ipv4Prefix, Ipv6Prefix, Prefix } from "./types/address.js";

/** Formats an IPv4 address held as a uint32 (`0x0a000001` → `"10.0.0.1"`). */
export function formatIpv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 0xff}.${(addr >>> 8) & 0xff}.${addr & 0xff}`;
}

/**
 * Formats a 16-byte IPv6 address like glibc `inet_ntop` (RFC 5952 style): lower-case hex, the
 * first longest run of two or more zero groups as `::`, and `::a.b.c.d` / `::ffff:a.b.c.d` for
 * IPv4-compatible and IPv4-mapped addresses.
 */
export function formatIpv6(addr: Uint8Array): string {
  const words: number[] = new Array(8);
  for (let i = 0; i < 8; i++) words[i] = ((addr[2 * i] ?? 0) << 8) | (addr[2 * i + 1] ?? 0);
  // Find the first longest run of zero words (length >= 2 to be compressed).
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i > 0) out += ":";
    // glibc: an embedded IPv4 address when the first 6 words are zero, or 5 zero words + ffff.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${addr[12]}.${addr[13]}.${addr[14]}.${addr[15]}`;
      return out;
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ":";
  return out;
}

/**
 * Formats a 16-byte IPv6 address exactly as bgpdump 1.6.2 prints it (its own `fmt_ipv6`, not
 * the C library's): like {@link formatIpv6} except that the first longest zero run is written as
 * `::` even when it is a single group (`2001:7f8:30::2:1:0:8447`), and every IPv4-compatible
 * address other than `::` and `::1` prints as `::a.b.c.d`. Use it to compare with bgpdump output.
 */
export function formatIpv6Bgpdump(addr: Uint8Array): string {
  const word = (i: number): number => ((addr[2 * i] ?? 0) << 8) | (addr[2 * i + 1] ?? 0);
  let firstZero12 = true;
  for (let i = 0; i < 10; i++) if (addr[i] !== 0) firstZero12 = false;
  const mapped = firstZero12 && word(5) === 0xffff;
  const compat = firstZero12 && word(5) === 0 && (word(6) !== 0 || word(7) > 1);
  if (mapped || compat) return `::${mapped ? "ffff:" : ""}${addr[12]}.${addr[13]}.${addr[14]}.${addr[15]}`;
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (word(i) !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && word(j) === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      out += i === 0 ? "::" : ":";
      i += bestLen - 1;
      continue;
    }
    out += word(i).toString(16);
    if (i !== 7) out += ":";
  }
  return out;
}

/** Formats a prefix as `addr/len`, host bits printed as held (bgpdump 1.6.2 does the same). */
export function formatPrefix(p: Prefix): string {
  return p.afi === 1 ? `${formatIpv4(p.addr)}/${p.len}` : `${formatIpv6(p.addr)}/${p.len}`;
}

/** {@link formatPrefix} with bgpdump's IPv6 text ({@link formatIpv6Bgpdump}). */
export function formatPrefixBgpdump(p: Prefix): string {
  return p.afi === 1 ? `${formatIpv4(p.addr)}/${p.len}` : `${formatIpv6Bgpdump(p.addr)}/${p.len}`;
}

/** Host bits cleared: the canonical form of a prefix. Returns `p` itself when already clean. */
export function maskPrefix(p: Prefix): Prefix {
  if (p.afi === 1) {
    const mask = p.len === 0 ? 0 : (0xffffffff << (32 - p.len)) >>> 0;
    const addr = (p.addr & mask) >>> 0;
    return addr === p.addr ? p : { afi: 1, addr, len: p.len };
  }
  const out = p.addr.slice();
  for (let i = 0; i < 16; i++) {
    const bits = p.len - i * 8;
    if (bits >= 8) continue;
    out[i] = bits <= 0 ? 0 : (out[i] as number) & ((0xff << (8 - bits)) & 0xff);
  }
  for (let i = 0; i < 16; i++) if (out[i] !== p.addr[i]) return { afi: 2, addr: out, len: p.len };
  return p;
}

/**
 * A canonical string key for maps and sets: host bits masked, so `11.13.0.0/13` and
 * `11.8.0.0/13` (the same route, RFC 4271 §4.3 leaves trailing bits irrelevant) share one key.
 */
export function prefixKey(p: Prefix): string {
  return formatPrefix(maskPrefix(p));
}

function parseError(text: string, what: string): BgpWireError {
  // Code 0: a text-parsing failure at a configuration edge, not a protocol error.
  return new BgpWireError(`not a valid ${what}: ${JSON.stringify(text)}`, { code: 0, subcode: 0 });
}

/** Parses a dotted-quad IPv4 address into a uint32. Throws {@link BgpWireError} (code 0) if malformed. */
export function parseIpv4(text: string): number {
  const parts = text.split(".");
  if (parts.length !== 4) throw parseError(text, "IPv4 address");
  let v = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) throw parseError(text, "IPv4 address");
    const n = Number(part);
    if (n > 255) throw parseError(text, "IPv4 address");
    v = v * 256 + n;
  }
  return v;
}

/**
 * Parses an IPv6 address (with `::` and an optional trailing dotted IPv4 part) into 16 bytes.
 * Throws {@link BgpWireError} (code 0) if malformed.
 */
export function parseIpv6(text: string): Uint8Array {
  const fail = (): BgpWireError => parseError(text, "IPv6 address");
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(":");
  if (body.includes(".", lastColon)) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    tail.push(v4 >>> 16, v4 & 0xffff);
    // "1:2:3:4:5:6:" loses its last colon; "::ffff:" becomes "::ffff"; "::" stays as is.
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) throw fail();
  const group = (s: string): number[] => {
    if (s === "") return [];
    return s.split(":").map((g) => {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw fail();
      return Number.parseInt(g, 16);
    });
  };
  const head = group(halves[0] ?? "");
  const rest = halves.length === 2 ? group(halves[1] ?? "") : [];
  const total = head.length + rest.length + tail.length;
  let words: number[];
  if (halves.length === 2) {
    if (total > 7) throw fail();
    words = [...head, ...new Array<number>(8 - total).fill(0), ...rest, ...tail];
  } else {
    if (total !== 8) throw fail();
    words = [...head, ...tail];
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const w = words[i] as number;
    out[2 * i] = w >>> 8;
    out[2 * i + 1] = w & 0xff;
  }
  return out;
}

/**
 * Parses `addr/len` (IPv4 or IPv6). Host bits are kept as written; use {@link maskPrefix} to
 * clear them. Throws {@link BgpWireError} (code 0) if malformed.
 */
export function parsePrefix(text: string): Prefix {
  const slash = text.indexOf("/");
  if (slash < 0) throw parseError(text, "prefix");
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) throw parseError(text, "prefix");
  const len = Number(lenText);
  const addrText = text.slice(0, slash);
  if (addrText.includes(":")) {
    if (len > 128) throw parseError(text, "prefix");
    return { afi: 2, addr: parseIpv6(addrText), len } satisfies Ipv6Prefix;
  }
  if (len > 32) throw parseError(text, "prefix");
  return { afi: 1, addr: parseIpv4(addrText), len } satisfies Ipv4Prefix;
}
