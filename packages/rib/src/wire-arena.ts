/**
 * Where compact attribute sets keep their wire bytes (wire-attrs.ts): copied into large shared
 * byte slabs, each set remembering its slab and offset.
 *
 * Why not a string per set: a string is a young-generation object like any other. A full table
 * interns ~200k sets that all live on, so every one of them was copied by the collector twice
 * (into the survivor space, then into the old generation), and those copies were most of what
 * each young-generation collection did. Slab bytes are outside the JavaScript heap and are never
 * moved by the collector. On the shared bench harness's 1M-prefix feed, leaving the strings out
 * altogether (an experiment that kept no bytes) cut ingest from 1.01 to 0.81 s; this is the way
 * to keep the bytes and most of that.
 *
 * Bytes of freed sets are not reused in place: they are counted, and once they are a third of
 * the arena the owner moves every live set into fresh slabs ({@link WireArena.restart} and
 * {@link WireArena.place}), so the arena stays within 1.5 times its live bytes.
 */

/** The first slab's size; each later slab doubles, up to {@link MAX_SLAB}. */
const FIRST_SLAB = 4096;
/** The largest slab made for ordinary fields (a longer field gets a slab of its own size). */
const MAX_SLAB = 1 << 20;
/** Dead bytes below this never call for compaction (not worth a walk over the sets). */
const MIN_DEAD = 256 * 1024;

/** Byte slabs that compact attribute sets keep their wire form in. */
export class WireArena {
  /** The slab the last {@link WireArena.place} wrote to. */
  slab: Uint8Array;
  private top = 0;
  private nextSize: number;
  private live = 0;
  private dead = 0;

  /** An empty arena (its first slab is small: a RIB with few sets stays small). */
  constructor() {
    this.slab = new Uint8Array(FIRST_SLAB);
    this.nextSize = FIRST_SLAB * 2;
  }

  /** Bytes held for live sets. */
  get liveBytes(): number {
    return this.live;
  }

  /** Bytes of freed sets (and unused slab tails) not yet reclaimed. */
  get deadBytes(): number {
    return this.dead;
  }

  /**
   * Copies `lead` then `src[from, to)` into a slab and returns the offset of the lead byte in
   * {@link WireArena.slab} (read `slab` after the call: it may be a new one).
   */
  place(src: Uint8Array, from: number, to: number, lead: number): number {
    const n = to - from + 1;
    if (this.top + n > this.slab.length) this.newSlab(n);
    const s = this.slab;
    const at = this.top;
    s[at] = lead;
    // A loop, not `set(subarray)`: fields are ~50 bytes, and a view would be an allocation.
    for (let i = from, j = at + 1; i < to; i++, j++) s[j] = src[i]!;
    this.top = at + n;
    this.live += n;
    return at;
  }

  /** Counts `n` bytes (a field of `n` bytes with its lead byte) as no longer used. */
  free(n: number): void {
    this.live -= n;
    this.dead += n;
  }

  /** True when enough bytes are dead that the live ones should be moved to fresh slabs. */
  get wantsCompaction(): boolean {
    return this.dead > MIN_DEAD && this.dead * 2 > this.live;
  }

  /**
   * Starts over with one fresh slab big enough for `liveBytes` (what the owner then places
   * again, every live field once). The old slabs are dropped, not reused: whatever still reads
   * them (a freed set, a cache entry) sees the bytes it saw before.
   */
  restart(liveBytes: number): void {
    const size = Math.max(FIRST_SLAB, liveBytes + (liveBytes >>> 2));
    this.slab = new Uint8Array(size);
    this.top = 0;
    this.nextSize = Math.min(MAX_SLAB, Math.max(FIRST_SLAB * 2, size));
    this.live = 0;
    this.dead = 0;
  }

  private newSlab(n: number): void {
    // The unused tail of the old slab is dead for good.
    this.dead += this.slab.length - this.top;
    const size = Math.max(n, this.nextSize);
    this.slab = new Uint8Array(size);
    this.top = 0;
    this.nextSize = Math.min(MAX_SLAB, this.nextSize * 2);
  }
}
