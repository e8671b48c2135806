/**
 * Big-endian reads straight from a `Uint8Array`. The hot path reads this way instead of through
 * a DataView: building a DataView per UPDATE (or per attribute) cost more than the reads
 * themselves when measured on a full table, and callers never pass a bound that is not checked.
 */

/** The uint16 at `i` (the caller has checked `i + 2 <= bytes.length`). */
export function u16(bytes: Uint8Array, i: number): number {
  return ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
}

/** The uint32 at `i` (the caller has checked `i + 4 <= bytes.length`). */
export function u32(bytes: Uint8Array, i: number): number {
  return (
    (((bytes[i] as number) << 24) |
      ((bytes[i + 1] as number) << 16) |
      ((bytes[i + 2] as number) << 8) |
      (bytes[i + 3] as number)) >>>
    0
  );
}
