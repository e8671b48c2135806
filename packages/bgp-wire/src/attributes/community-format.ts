/**
 * Display helpers for communities (RFC 1997, RFC 4360, RFC 8092): names for the well-known
 * ones and the usual `asn:value` text. Display only; the codec keeps numbers.
 */
import { WellKnownCommunity } from "../constants.js";
import type { LargeCommunity } from "../types/attributes.js";

const names = new Map<number, string>();
for (const [k, v] of Object.entries(WellKnownCommunity)) names.set(v, k);

/** The `WellKnownCommunity` key of a community (e.g. `"NO_EXPORT"`), or undefined. */
export function communityName(c: number): string | undefined {
  return names.get(c >>> 0);
}

/** `asn:value` (RFC 1997 §3: high 16 bits the AS, low 16 bits the value). */
export function formatCommunity(c: number): string {
  return `${c >>> 16}:${c & 0xffff}`;
}

/**
 * A community as bgpdump prints it: `no-export`, `no-advertise`, `no-export-subconfed` for
 * the three RFC 1997 names, `asn:value` for the rest.
 */
export function formatCommunityBgpdump(c: number): string {
  switch (c >>> 0) {
    case WellKnownCommunity.NO_EXPORT:
      return "no-export";
    case WellKnownCommunity.NO_ADVERTISE:
      return "no-advertise";
    case WellKnownCommunity.NO_EXPORT_SUBCONFED:
      return "no-export-subconfed";
    default:
      return formatCommunity(c);
  }
}

/** Parses `asn:value` or a `WellKnownCommunity` key into a uint32; undefined if malformed. */
export function parseCommunity(text: string): number | undefined {
  const named = (WellKnownCommunity as Record<string, number>)[text];
  if (named !== undefined) return named;
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const hi = Number(m[1]);
  const lo = Number(m[2]);
  if (hi > 0xffff || lo > 0xffff) return undefined;
  return ((hi << 16) | lo) >>> 0;
}

/** `global:local1:local2` (RFC 8092 §3). */
export function formatLargeCommunity(c: LargeCommunity): string {
  return `${c.global}:${c.local1}:${c.local2}`;
}

/**
 * An extended community (RFC 4360 §3, RFC 5668): route targets and origins as
 * `target:asn:value` / `origin:asn:value` (IPv4-address and 4-octet-AS forms too), anything
 * else as 16 hex digits.
 */
export function formatExtendedCommunity(c: Uint8Array): string {
  const type = (c[0] ?? 0) & 0xbf; // 0x40 only marks the community non-transitive (RFC 4360 §2)
  const sub = c[1] ?? 0;
  const u16 = (i: number): number => ((c[i] ?? 0) << 8) | (c[i + 1] ?? 0);
  const u32 = (i: number): number => ((u16(i) << 16) | u16(i + 2)) >>> 0;
  const kind = sub === 0x02 ? "target" : sub === 0x03 ? "origin" : undefined;
  if (kind !== undefined) {
    if (type === 0x00) return `${kind}:${u16(2)}:${u32(4)}`;
    if (type === 0x01) return `${kind}:${c[2]}.${c[3]}.${c[4]}.${c[5]}:${u16(6)}`;
    if (type === 0x02) return `${kind}:${u32(2)}:${u16(6)}`;
  }
  let hex = "0x";
  for (let i = 0; i < 8; i++) hex += (c[i] ?? 0).toString(16).padStart(2, "0");
  return hex;
}
