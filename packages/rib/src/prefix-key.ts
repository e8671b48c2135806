/**
 * Compact prefix keys and masking. IPv4 prefixes key as one number (`addr * 64 + len`, exact in
 * a double since addr < 2^32); IPv6 prefixes as a 9-code-unit string (8 × 16 bits of address
 * plus the length), which V8 stores flat and hashes once. No dotted strings on the hot path.
 */
import type { Ipv4Prefix, Ipv6Prefix, Prefix } from "@tsbgp/bgp-wire";

/** The IPv4 netmask for a length, as a uint32. */
export function v4Mask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Map key of an IPv4 prefix (host bits are cleared first). */
export function v4Key(addr: number, len: number): number {
  return ((addr & v4Mask(len)) >>> 0) * 64 + len;
}

/** A copy of a 16-byte IPv6 address with the bits beyond `len` cleared. */
export function v6MaskBytes(addr: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(16);
  const full = len >>> 3;
  for (let i = 0; i < full && i < 16; i++) out[i] = addr[i] ?? 0;
  const rest = len & 7;
  if (rest !== 0 && full < 16) out[full] = (addr[full] ?? 0) & ((0xff << (8 - rest)) & 0xff);
  return out;
}

/** Map key of an IPv6 prefix whose address is already masked. */
export function v6KeyMasked(addr: Uint8Array, len: number): string {
  let s = "";
  for (let i = 0; i < 16; i += 2) s += String.fromCharCode(((addr[i] ?? 0) << 8) | (addr[i + 1] ?? 0));
  return s + String.fromCharCode(len);
}

/** Map key of an IPv6 prefix (host bits are cleared first). */
export function v6Key(addr: Uint8Array, len: number): string {
  return v6KeyMasked(v6MaskBytes(addr, len), len);
}

/** The canonical (host bits cleared) form of a prefix; returns the input when already canonical. */
export function canonicalPrefix(p: Prefix): Prefix {
  if (p.afi === 1) {
    const a = (p.addr & v4Mask(p.len)) >>> 0;
    return a === p.addr ? p : ({ afi: 1, addr: a, len: p.len } satisfies Ipv4Prefix);
  }
  const m = v6MaskBytes(p.addr, p.len);
  for (let i = 0; i < 16; i++)
    if (m[i] !== p.addr[i]) return { afi: 2, addr: m, len: p.len } satisfies Ipv6Prefix;
  return p;
}

/** True when `inner` lies within `outer` (same family, longer or equal length, same leading bits). */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.afi !== inner.afi || inner.len < outer.len) return false;
  if (outer.afi === 1 && inner.afi === 1) {
    const m = v4Mask(outer.len);
    return (outer.addr & m) >>> 0 === (inner.addr & m) >>> 0;
  }
  const a = v6MaskBytes(outer.addr as Uint8Array, outer.len);
  const b = v6MaskBytes(inner.addr as Uint8Array, outer.len);
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}
