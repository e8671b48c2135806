/**
 * Mutation operators of the fuzzer. The three the issue asks for: bit flips, truncations and
 * length lies (a length field set to a value that disagrees with what follows); plus "havoc"
 * (byte writes, inserts, deletes, splices from other seeds) as the old fuzzer did.
 */
import type { LengthField } from "./length-fields.js";
import type { Rand } from "./rng.js";

/** The mutation kinds, each counted in the run statistics. */
export const MutationKind = {
  BIT_FLIP: "bit-flip",
  TRUNCATE: "truncate",
  LENGTH_LIE: "length-lie",
  HAVOC: "havoc",
} as const;
/** One of {@link MutationKind}. */
export type MutationKindName = (typeof MutationKind)[keyof typeof MutationKind];

/** Flips 1 to 4 random bits. */
export function bitFlip(input: Uint8Array, rand: Rand): Uint8Array {
  const b = input.slice();
  if (b.length === 0) return b;
  for (let n = 1 + rand(4); n > 0; n--) {
    const at = rand(b.length);
    b[at] = (b[at] ?? 0) ^ (1 << rand(8));
  }
  return b;
}

/** Cuts the input at a random point (possibly to nothing). */
export function truncate(input: Uint8Array, rand: Rand): Uint8Array {
  return input.slice(0, rand(input.length));
}

function readField(b: Uint8Array, f: LengthField): number {
  let v = 0;
  for (let i = 0; i < f.size; i++) v = v * 256 + (b[f.at + i] ?? 0);
  return v;
}

function writeField(b: Uint8Array, f: LengthField, v: number): void {
  for (let i = f.size - 1, x = v; i >= 0; i--, x = Math.floor(x / 256)) b[f.at + i] = x % 256;
}

/**
 * A wrong value for a length field: off by one either way, off by a little, zero, the maximum,
 * random, or (for prefix lengths) the values around the /32 and /128 limits.
 */
export function lieValue(field: LengthField, value: number, rand: Rand): number {
  const max = 2 ** (8 * field.size) - 1;
  const picks = [
    0,
    value - 1,
    value + 1,
    value + 1 + rand(16),
    value - 1 - rand(16),
    max,
    rand(Math.min(max, 0xffffff) + 1),
  ];
  if (field.kind === "prefix") picks.push(32, 33, 64, 128, 129, 255);
  const v = picks[rand(picks.length)] ?? 0;
  return Math.max(0, Math.min(max, v));
}

/** Sets one to three of the input's length fields (found on the unmutated seed) to lies. */
export function lengthLie(input: Uint8Array, fields: readonly LengthField[], rand: Rand): Uint8Array {
  const b = input.slice();
  if (fields.length === 0) return bitFlip(input, rand);
  for (let n = 1 + (rand(4) === 0 ? 1 + rand(2) : 0); n > 0; n--) {
    const f = fields[rand(fields.length)];
    if (f === undefined || f.at + f.size > b.length) continue;
    writeField(b, f, lieValue(f, readField(b, f), rand));
  }
  return b;
}

/** Byte writes, inserts, deletes and splices from `donor`, one to four of them. */
export function havoc(input: Uint8Array, donor: Uint8Array, rand: Rand): Uint8Array {
  let b = input;
  for (let r = 1 + rand(4); r > 0; r--) {
    const at = b.length > 0 ? rand(b.length) : 0;
    switch (rand(4)) {
      case 0: {
        b = b.slice();
        if (b.length > 0) b[at] = [0, 1, 0x7f, 0x80, 0xff, rand(256)][rand(6)] ?? 0;
        break;
      }
      case 1: {
        const add = Uint8Array.from({ length: 1 + rand(4) }, () => rand(256));
        b = concat(b.subarray(0, at), add, b.subarray(at));
        break;
      }
      case 2:
        b = concat(b.subarray(0, at), b.subarray(at + 1 + rand(4)));
        break;
      default: {
        const from = rand(donor.length);
        const piece = donor.subarray(from, from + 1 + rand(16));
        b = concat(b.subarray(0, at), piece, b.subarray(at + rand(8)));
      }
    }
  }
  return b === input ? input.slice() : b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Rewrites the length field at `at` (`size` octets) to the input's true size from there, so a
 * mutated body is reached instead of being rejected by the header check.
 * @param adjust added to the true size (the MRT record length excludes its 12-byte header)
 */
export function fixLength(b: Uint8Array, at: number, size: 2 | 4, adjust: number): void {
  if (at + size > b.length) return;
  writeField(b, { at, size, kind: "header" }, Math.max(0, Math.min(2 ** (8 * size) - 1, b.length + adjust)));
}
