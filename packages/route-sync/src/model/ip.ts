/**
 * Minimal IPv4/IPv6 text <-> bytes conversion for route prefixes and next hops.
 * Only what netlink needs: canonical formatting (RFC 5952 §4) for display and map keys.
 * @module
 */
import { RouteSyncError } from "../errors.js";

/** Address family of a route: 4 or 6. */
export type IpFamily = 4 | 6;

/** Byte length of an address of the family. */
export function addrLen(family: IpFamily): 4 | 16 {
  return family === 4 ? 4 : 16;
}

/** Family of an address string (contains ':' = IPv6). */
export function familyOf(addr: string): IpFamily {
  return addr.includes(":") ? 6 : 4;
}

function bad(text: string): RouteSyncError {
  return new RouteSyncError("INVALID_ROUTE", `invalid IP address "${text}"`);
}

/**
 * Parses dotted-quad text into `out[at..at+4]` without allocating (hot path: every route has
 * one or two IPv4 addresses). Rejects leading zeros ("010" is octal to some parsers).
 */
export function parseV4(text: string, out: Uint8Array, at: number): boolean {
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // virtual '.' at the end
    if (c === 46) {
      if (digits === 0 || part > 3) return false;
      out[at + part++] = value;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return part === 4;
}

/** Parses an IPv4 or IPv6 address into owned bytes; throws `RouteSyncError` (INVALID_ROUTE). */
export function parseIp(text: string): Uint8Array {
  if (!text.includes(":")) {
    const out = new Uint8Array(4);
    if (!parseV4(text, out, 0)) throw bad(text);
    return out;
  }
  const out = new Uint8Array(16);
  const halves = text.split("::");
  if (halves.length > 2) throw bad(text);
  const groups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  // A trailing dotted quad (::ffff:1.2.3.4) counts as two groups.
  const last = (tail.length > 0 ? tail : head).at(-1);
  let v4: Uint8Array | undefined;
  if (last?.includes(".")) {
    v4 = new Uint8Array(4);
    if (!parseV4(last, v4, 0)) throw bad(text);
    (tail.length > 0 ? tail : head).pop();
  }
  const total = head.length + tail.length + (v4 ? 2 : 0);
  if (halves.length === 1 ? total !== 8 : total > 7) throw bad(text);
  const put = (list: string[], start: number): void => {
    list.forEach((g, i) => {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad(text);
      const n = Number.parseInt(g, 16);
      out[start + i * 2] = n >> 8;
      out[start + i * 2 + 1] = n & 0xff;
    });
  };
  put(head, 0);
  const tailBytes = tail.length * 2 + (v4 ? 4 : 0);
  put(tail, 16 - tailBytes);
  if (v4) out.set(v4, 12);
  return out;
}

/** Formats 4 or 16 bytes as canonical text (RFC 5952 §4: lowercase, longest zero run compressed). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  if (bytes.length !== 16) throw new RouteSyncError("INVALID_ROUTE", `address of ${bytes.length} bytes`);
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestAt = -1;
  let bestLen = 1; // RFC 5952 §4.2.2: a single zero group is not compressed.
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (list: number[]): string => list.map((n) => n.toString(16)).join(":");
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}

/** Zeroes the host bits beyond `len`, in place; returns whether any bit was set there. */
export function maskInPlace(bytes: Uint8Array, len: number): boolean {
  let changed = false;
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    if ((bytes[i]! & ~mask) !== 0) changed = true;
    bytes[i] = bytes[i]! & mask;
  }
  return changed;
}
