/**
 * Rendered line tails keyed by the raw attribute block they came from. RIB dumps repeat
 * attribute blocks heavily (the RouteViews sample: 269,914 entries, 87,151 distinct blocks), and
 * a `bgpdump -m` tail depends on the block alone, so each distinct block is read and rendered
 * once. Keys live in a byte arena, tails in the kept zone of the output they are copied into
 * (`AsciiOutput.keep`, appended with `copyWithin`), and the index is an open-addressing
 * `Int32Array`: no per-entry JS objects, so the cache adds nothing for the garbage collector to
 * trace and copying a tail allocates nothing.
 */
import type { AsciiOutput } from "./output.js";

/** Per entry in `meta`: key start, key length, tail offset (kept zone), tail length, hash, flag. */
const META = 6;
/** Default bound on keys and on kept tails: the cache empties itself past it (bounded memory). */
const MAX_ARENA = 32 << 20;

/**
 * Hash of `b[s, e)` (seen through `dv`) mixed with `flag`, four bytes per step: `DataView` reads
 * of unaligned words cost about half of four byte reads and shifts.
 */
function hashBytes(b: Uint8Array, dv: DataView, s: number, e: number, flag: number): number {
  let h = Math.imul(e - s, 0x9e3779b1) ^ flag;
  let i = s;
  for (; i + 4 <= e; i += 4) {
    h = Math.imul(h ^ dv.getInt32(i, true), 0x85ebca6b);
    h ^= h >>> 13;
  }
  for (; i < e; i++) h = Math.imul(h ^ b[i]!, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** A map from attribute bytes (plus a small flag) to tail bytes kept in one output. */
export class TailCache {
  // Big enough for a full RIB's distinct blocks (~4 MB for 87,000): pages are touched as used.
  private keys = new Uint8Array(4 << 20);
  private keysView: DataView<ArrayBufferLike> = new DataView(this.keys.buffer);
  /** The buffer of the last lookup, and a DataView of it (one per buffer, not per lookup). */
  private viewOf: Uint8Array | undefined;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private keyPos = 0;
  private meta: Int32Array;
  private table: Int32Array;
  private count = 0;
  /** The output whose kept zone holds the tails. */
  private out: AsciiOutput | undefined;
  /** Hash of the last `find`, reused by the `add` that follows a miss. */
  private lastHash = 0;

  /**
   * @param maxBytes size of the key arena or of the kept tails at which {@link trim} empties the cache
   * @param capacity entries before the index grows (a power of two). The default fits a full RIB's ~100,000
   *   distinct blocks, so the index never grows there (a growth copies and touches fresh pages,
   *   ~1.5 us each on the benchmark VM); pages a small input never touches cost nothing.
   */
  constructor(
    private readonly maxBytes = MAX_ARENA,
    capacity = 1 << 17,
  ) {
    this.meta = new Int32Array(META * capacity);
    this.table = new Int32Array(2 * capacity);
  }

  /** Number of cached tails. */
  get size(): number {
    return this.count;
  }

  /**
   * Prepares for lines written to `out`; call between records. Empties the cache when `out` is
   * not the output the tails are kept in, or when the cache has grown past its memory bound.
   */
  trim(out: AsciiOutput): void {
    if (out === this.out && this.keyPos < this.maxBytes && out.keptLength < this.maxBytes) return;
    this.out?.clearKept();
    this.out = out;
    out.clearKept();
    this.keyPos = 0;
    // An empty index is already all zeros (and filling would touch all its pages).
    if (this.count > 0) this.table.fill(0);
    this.count = 0;
  }

  /** Whether the key bytes from `k` equal `b[s, e)`. */
  private keyEquals(k: number, b: Uint8Array, s: number, e: number): boolean {
    if (b !== this.viewOf) {
      this.viewOf = b;
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const dv = this.view;
    const kv = this.keysView;
    const keys = this.keys;
    let i = s;
    while (i + 4 <= e && kv.getInt32(k) === dv.getInt32(i)) {
      i += 4;
      k += 4;
    }
    while (i < e && keys[k] === b[i]) {
      i++;
      k++;
    }
    return i === e;
  }

  /** Entry index of the tail for `b[s, e)` with `flag`, or -1 (then render it and `add`). */
  find(b: Uint8Array, s: number, e: number, flag: number): number {
    if (b !== this.viewOf) {
      this.viewOf = b;
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const dv = this.view;
    const h = hashBytes(b, dv, s, e, flag);
    this.lastHash = h;
    const mask = this.table.length - 1;
    const len = e - s;
    const meta = this.meta;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.table[slot]!;
      if (v === 0) return -1;
      const m = (v - 1) * META;
      if (meta[m + 4] !== h || meta[m + 1] !== len || meta[m + 5] !== flag) continue;
      // A JS loop: `Buffer.compare` costs a flat ~50 ns a call, more than this loop on these
      // 30-100 byte keys, whose hash already matched.
      if (this.keyEquals(meta[m]!, b, s, e)) return v - 1;
    }
  }

  /**
   * Adds the key of the last missed `find` with its tail: `n` bytes at offset `at` of the kept
   * zone of the output given to {@link trim} (from `keep` or `keepWritten`); returns its index.
   */
  add(b: Uint8Array, s: number, e: number, flag: number, at: number, n: number): number {
    if (this.keyPos + (e - s) > this.keys.length) {
      const next = new Uint8Array(Math.max(this.keys.length * 2, this.keyPos + (e - s)));
      next.set(this.keys.subarray(0, this.keyPos));
      this.keys = next;
      this.keysView = new DataView(next.buffer);
    }
    if ((this.count + 1) * META > this.meta.length) {
      const next = new Int32Array(this.meta.length * 2);
      next.set(this.meta);
      this.meta = next;
    }
    const i = this.count++;
    const m = i * META;
    this.meta[m] = this.keyPos;
    this.meta[m + 1] = e - s;
    this.meta[m + 2] = at;
    this.meta[m + 3] = n;
    this.meta[m + 4] = this.lastHash;
    this.meta[m + 5] = flag;
    const keys = this.keys;
    const kv = this.keysView;
    const dv = this.view;
    let j = s;
    let k = this.keyPos;
    for (; j + 4 <= e; j += 4, k += 4) kv.setInt32(k, dv.getInt32(j));
    for (; j < e; j++, k++) keys[k] = b[j]!;
    this.keyPos += e - s;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.insert(i);
    return i;
  }

  /** Offset of entry `i`'s tail in the output's kept zone. */
  tailAt(i: number): number {
    return this.meta[i * META + 2]!;
  }

  /** Length of entry `i`'s tail. */
  tailLength(i: number): number {
    return this.meta[i * META + 3]!;
  }

  private insert(i: number): void {
    const mask = this.table.length - 1;
    let slot = this.meta[i * META + 4]! & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = i + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let i = 0; i < this.count; i++) this.insert(i);
  }
}
