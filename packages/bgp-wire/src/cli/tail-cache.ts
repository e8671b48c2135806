/**
 * Rendered line tails keyed by the raw attribute block they came from. RIB dumps repeat
 * attribute blocks heavily (the RouteViews sample: 269,914 entries, 87,151 distinct blocks), and
 * a `bgpdump -m` tail depends on the block alone, so each distinct block is read and rendered
 * once. Keys and tails live in two byte arenas and the index is an open-addressing `Int32Array`:
 * no per-entry JS objects, so the cache adds nothing for the garbage collector to trace.
 */
import { AsciiOutput } from "./output.js";

/** Per entry in `meta`: key start, key length, tail start, tail end, hash, flag. */
const META = 6;
/**
 * Default arena bound: the cache empties itself past it (bounded memory on huge RIBs; the tail
 * views may keep earlier, smaller arenas alive, so tails take at most twice this).
 */
const MAX_ARENA = 32 << 20;

/** Hash of `b[s, e)` mixed with `flag`, four bytes per step. */
function hashBytes(b: Uint8Array, s: number, e: number, flag: number): number {
  let h = Math.imul(e - s, 0x9e3779b1) ^ flag;
  let i = s;
  for (; i + 4 <= e; i += 4) {
    h = Math.imul(h ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)), 0x85ebca6b);
    h ^= h >>> 13;
  }
  for (; i < e; i++) h = Math.imul(h ^ b[i]!, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** A map from attribute bytes (plus a small flag) to rendered tail bytes. */
export class TailCache {
  private keys = Buffer.allocUnsafe(1 << 20);
  private keyPos = 0;
  /** The rendered tails; `tailStart`/`tailEnd` index into `tails.buffer`. */
  readonly tails = new AsciiOutput(-1, 1 << 20);
  private meta = new Int32Array(META * 4096);
  private table = new Int32Array(8192);
  private count = 0;
  /** A view of each tail, so that copying one allocates nothing. */
  private views: Uint8Array[] = [];
  /** Hash of the last `find`, reused by the `add` that follows a miss. */
  private lastHash = 0;

  /** @param maxBytes arena size at which {@link trim} empties the cache */
  constructor(private readonly maxBytes = MAX_ARENA) {}

  /** Number of cached tails. */
  get size(): number {
    return this.count;
  }

  /** Entry index of the tail for `b[s, e)` with `flag`, or -1 (then render it and `add`). */
  find(b: Uint8Array, s: number, e: number, flag: number): number {
    const h = hashBytes(b, s, e, flag);
    this.lastHash = h;
    const mask = this.table.length - 1;
    const len = e - s;
    const keys = this.keys;
    const meta = this.meta;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.table[slot]!;
      if (v === 0) return -1;
      const m = (v - 1) * META;
      if (meta[m + 4] !== h || meta[m + 1] !== len || meta[m + 5] !== flag) continue;
      // Native compare: flat ~50 ns, where a JS loop costs ~2 ns a byte on these 30-100 byte keys.
      const k = meta[m]!;
      if (keys.compare(b, s, e, k, k + len) === 0) return v - 1;
    }
  }

  /**
   * Adds the key of the last missed `find` with the tail already written at
   * `tails.buffer[tailStart, tails.length)`; returns its entry index.
   */
  add(b: Uint8Array, s: number, e: number, flag: number, tailStart: number): number {
    if (this.keyPos + (e - s) > this.keys.length) {
      const next = Buffer.allocUnsafe(Math.max(this.keys.length * 2, this.keyPos + (e - s)));
      this.keys.copy(next, 0, 0, this.keyPos);
      this.keys = next;
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
    this.meta[m + 2] = tailStart;
    this.meta[m + 3] = this.tails.length;
    this.meta[m + 4] = this.lastHash;
    this.meta[m + 5] = flag;
    this.views[i] = this.tails.buffer.subarray(tailStart, this.tails.length);
    this.keys.set(b.subarray(s, e), this.keyPos);
    this.keyPos += e - s;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.insert(i);
    return i;
  }

  /** Entry `i`'s tail (a view into the tail arena as it was when the tail was added). */
  tail(i: number): Uint8Array {
    return this.views[i]!;
  }

  /** Start of entry `i`'s tail in `tails.buffer`. */
  tailStart(i: number): number {
    return this.meta[i * META + 2]!;
  }

  /** End of entry `i`'s tail in `tails.buffer`. */
  tailEnd(i: number): number {
    return this.meta[i * META + 3]!;
  }

  /** Empties the cache when it has grown past its memory bound; call between records. */
  trim(): void {
    if (this.keyPos < this.maxBytes && this.tails.length < this.maxBytes) return;
    this.keyPos = 0;
    this.tails.reset();
    this.count = 0;
    this.views = [];
    this.table.fill(0);
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
