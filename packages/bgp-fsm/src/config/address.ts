/** IP address helpers for the config and socket edges (never on the hot path). */
import { isIP } from "node:net";

/**
 * The canonical text of an IP address, so peers match however they were written: IPv4-mapped
 * IPv6 (`::ffff:192.0.2.1`, what a dual-stack listener reports) becomes IPv4, and IPv6 is
 * compressed and lower-cased by the WHATWG URL serializer (RFC 5952 form). Undefined if not an IP.
 */
export function canonicalAddress(text: string): string | undefined {
  const s = text.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  if (mapped?.[1] && isIP(mapped[1]) === 4) return mapped[1];
  const v = isIP(s);
  if (v === 4) return s;
  if (v === 6) return new URL(`http://[${s}]/`).hostname.slice(1, -1);
  return undefined;
}

/** A dotted-quad router ID (or a uint32) as a uint32; undefined if neither. */
export function parseRouterId(value: string | number): number | undefined {
  if (typeof value === "number")
    return Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? value : undefined;
  if (isIP(value) !== 4) return undefined;
  return value.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** A uint32 as a dotted quad. */
export function formatRouterId(id: number): string {
  return [id >>> 24, (id >>> 16) & 255, (id >>> 8) & 255, id & 255].join(".");
}
