import type { Origin } from "./types.js";

/** A 32-bit community number as `"asn:value"` (RFC 1997 §2: high and low 16 bits). */
export function communityFromNumber(value: number): string {
  return `${Math.floor(value / 0x10000)}:${value % 0x10000}`;
}

/** Parse the daemons' various spellings of ORIGIN ("IGP", "i", "Incomplete", 0, ...). */
export function parseOrigin(value: string | number | undefined): Origin {
  if (value === 1 || value === "1") return "egp";
  if (value === 2 || value === "2") return "incomplete";
  const text = String(value ?? "igp").toLowerCase();
  if (text.startsWith("e")) return "egp";
  if (text.startsWith("inc") || text === "?") return "incomplete";
  return "igp";
}

/** The unspecified address of the family of `prefix`. */
export function unspecifiedFor(prefix: string): string {
  return prefix.includes(":") ? "::" : "0.0.0.0";
}
