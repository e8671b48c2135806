/**
 * Address and prefix text for configuration edges (policy files). Not used on the hot path.
 */
import type { IpAddress, Prefix } from "@tsbgp/bgp-wire";
import { canonicalPrefix } from "./prefix-key.js";

/** Parses dotted-quad IPv4 to a uint32, or null. */
export function parseIpv4Text(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v;
}

/** Parses IPv6 text (with `::` compression; no embedded IPv4) to 16 bytes, or null. */
export function parseIpv6Text(text: string): Uint8Array | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 1) return null;
  const all = [...head, ...new Array<string>(halves.length === 2 ? fill : 0).fill("0"), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = all[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = Number.parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  }
  return out;
}

/** Parses an IPv4 or IPv6 address, or null. */
export function parseAddressText(text: string): IpAddress | null {
  if (text.includes(":")) {
    const a = parseIpv6Text(text);
    return a ? { afi: 2, addr: a } : null;
  }
  const a = parseIpv4Text(text);
  return a === null ? null : { afi: 1, addr: a };
}

/** Parses `addr/len` (host bits cleared), or null. */
export function parsePrefixText(text: string): Prefix | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return null;
  const len = Number(lenText);
  const a = parseAddressText(text.slice(0, slash));
  if (a === null || len > (a.afi === 1 ? 32 : 128)) return null;
  return canonicalPrefix(a.afi === 1 ? { afi: 1, addr: a.addr, len } : { afi: 2, addr: a.addr, len });
}
