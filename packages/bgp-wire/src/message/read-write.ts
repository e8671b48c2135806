/**
 * Small big-endian readers over `Uint8Array` and range checks for encoders. Messages other than
 * UPDATE are short, so plain index reads beat building a DataView for each one.
 */
import { BgpWireError, type BgpWireErrorInit } from "../errors.js";

/** Big-endian uint16 at `i`; the caller has checked the bounds. */
export function u16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

/** Big-endian uint24 at `i`; the caller has checked the bounds. */
export function u24(b: Uint8Array, i: number): number {
  return (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
}

/** Big-endian uint32 at `i` (as a non-negative number); the caller has checked the bounds. */
export function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

/**
 * Throws unless `value` is an integer that fits in `bits` unsigned bits: encoders refuse to
 * truncate a field silently. `init` names the NOTIFICATION code the failure maps to.
 */
export function checkUint(value: number, bits: number, what: string, init: BgpWireErrorInit): void {
  if (!Number.isInteger(value) || value < 0 || value > 2 ** bits - 1) {
    throw new BgpWireError(`cannot encode ${what} = ${value}: not a ${bits}-bit unsigned integer`, init);
  }
}

/** Hex form of bytes for error messages and tests. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}
