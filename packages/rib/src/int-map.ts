import { freeNow } from "./free-now.js";

/**
 * A hash map from int32 keys to values: open addressing with linear probing over a byte array
 * of tags, an optional `Int32Array` of keys and a plain array of values. About 10-20 bytes per
 * entry against ~45 for a V8 `Map`, which matters at a million prefixes. Values must not be
 * `undefined`. Iteration follows slot order, not insertion order.
 */
export class IntMap<T> {
  // One byte per slot: 0 for an empty slot, else 7 bits of a second hash of the key with the
  // low bit set. A probe walks this array (64 slots a cache line) and looks at a key only when
  // the tag matches (1 in 128 otherwise), so a miss costs no read of the values or keys. That
  // matters most when values know their own key (`keyOf`): reading a key then means following
  // a pointer, one likely cache miss per probed slot, and inserting a new prefix probes
  // several occupied slots before it finds an empty one.
  private tags: Uint8Array;
  private keys: Int32Array;
  private vals: (T | undefined)[];
  private mask: number;
  private shift: number;
  private count = 0;
  // Reads a value's key from the value itself: then no key array is kept (4 bytes a slot less,
  // which for a full table's prefix index is ~7 bytes a route).
  private readonly keyOf: ((value: T) => number) | null;

  // Low key bits that are always zero (a prefix length's host bits): skipped by the hash.
  private readonly zeroBits: number;

  /**
   * An empty map (capacity grows by doubling).
   * @param capacity entries to hold before the first growth
   * @param keyOf the key of a value, when values know their own key (no key array is kept)
   * @param zeroBits how many low bits of every key are zero (32 - length for a map of masked
   *   prefixes of one length); 0 for keys of any shape
   */
  constructor(capacity = 16, keyOf: ((value: T) => number) | null = null, zeroBits = 0) {
    this.zeroBits = zeroBits;
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keyOf = keyOf;
    this.tags = new Uint8Array(cap);
    this.keys = new Int32Array(keyOf === null ? cap : 0);
    this.vals = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  // Fibonacci hashing of all but the key's lowest 8 significant bits picks a 256-slot block,
  // those 8 bits the slot within it: keys that differ only there (the /24s of one /16, in a
  // /24 map) land in one block, so a table arriving in address order, as full tables do, is
  // written and probed a few cache lines at a time instead of at a random slot per prefix.
  // Clustering stays harmless: a long probe run is a walk over one-byte tags.
  private slot(key: number): number {
    const k = key >>> this.zeroBits;
    return ((Math.imul(k >>> 8, 0x9e3779b1) >>> this.shift) ^ (k & 0xff)) & this.mask;
  }

  // The tag: the top 7 bits of another multiplicative hash of the key folded onto itself (so a
  // /8's key, 24 zero bits, still spreads), shifted left with the low bit set (never 0).
  private static tag(key: number): number {
    return ((Math.imul(key ^ (key >>> 15), 0x2c1b3c6d) >>> 24) | 1) & 0xff;
  }

  private keyAt(i: number): number {
    const keyOf = this.keyOf;
    return keyOf === null ? this.keys[i]! : keyOf(this.vals[i]!);
  }

  /** The slot holding `key`, or -1. */
  private find(k: number): number {
    const tags = this.tags;
    const t = IntMap.tag(k);
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const s = tags[i]!;
      if (s === 0) return -1;
      if (s === t && this.keyAt(i) === k) return i;
    }
  }

  /** The value for `key`, if any. */
  get(key: number): T | undefined {
    const i = this.find(key | 0);
    return i < 0 ? undefined : this.vals[i];
  }

  /** True when `key` is present. */
  has(key: number): boolean {
    return this.find(key | 0) >= 0;
  }

  /**
   * The value for `key`, first storing `make(key, arg)` when there is none: one probe walk
   * for a lookup that usually misses on first sight (a new prefix), instead of a get and a set.
   */
  getOrAdd(key: number, arg: number, make: (key: number, arg: number) => T): T {
    const k = key | 0;
    const tags = this.tags;
    const t = IntMap.tag(k);
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const s = tags[i]!;
      if (s === 0) {
        const made = make(k, arg);
        this.put(i, t, k, made);
        return made;
      }
      if (s === t && this.keyAt(i) === k) return this.vals[i]!;
    }
  }

  /** Stores `value` for `key`; returns true when the key was new (one probe walk, not two). */
  set(key: number, value: T): boolean {
    const k = key | 0;
    const keyOf = this.keyOf;
    if (keyOf !== null && keyOf(value) !== k) throw new RangeError(`value's own key is not ${k}`);
    const tags = this.tags;
    const t = IntMap.tag(k);
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const s = tags[i]!;
      if (s === 0) {
        this.put(i, t, k, value);
        return true;
      }
      if (s === t && this.keyAt(i) === k) {
        this.vals[i] = value;
        return false;
      }
    }
  }

  /** Fills the empty slot `i`, growing the table past three quarters full. */
  private put(i: number, t: number, k: number, value: T): void {
    this.tags[i] = t;
    if (this.keyOf === null) this.keys[i] = k;
    this.vals[i] = value;
    if (++this.count * 4 > this.tags.length * 3) this.grow();
  }

  /** Removes `key`; returns whether it was present. Backward-shift deletion keeps probes short. */
  delete(key: number): boolean {
    const i = this.find(key | 0);
    if (i < 0) return false;
    this.count--;
    const tags = this.tags;
    // Move later entries of the same probe run back into the hole.
    let hole = i;
    for (let j = (i + 1) & this.mask; tags[j] !== 0; j = (j + 1) & this.mask) {
      const home = this.slot(this.keyAt(j));
      // Entry j may move to the hole when its home slot is not in (hole, j] cyclically.
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        tags[hole] = tags[j]!;
        if (this.keyOf === null) this.keys[hole] = this.keys[j]!;
        this.vals[hole] = this.vals[j];
        hole = j;
      }
    }
    tags[hole] = 0;
    this.vals[hole] = undefined;
    return true;
  }

  /** Every value, in slot order. */
  *values(): IterableIterator<T> {
    const tags = this.tags;
    const vals = this.vals;
    for (let i = 0; i < tags.length; i++) if (tags[i] !== 0) yield vals[i]!;
  }

  private grow(): void {
    const oldTags = this.tags;
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const keyOf = this.keyOf;
    const cap = oldTags.length * 2;
    const tags = new Uint8Array(cap);
    this.tags = tags;
    this.keys = new Int32Array(keyOf === null ? cap : 0);
    this.vals = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    for (let i = 0; i < oldTags.length; i++) {
      const t = oldTags[i]!;
      if (t === 0) continue;
      const v = oldVals[i]!;
      const k = keyOf === null ? oldKeys[i]! : keyOf(v);
      let j = this.slot(k);
      while (tags[j] !== 0) j = (j + 1) & this.mask;
      tags[j] = t;
      if (keyOf === null) this.keys[j] = k;
      this.vals[j] = v;
    }
    // Old arrays freed now, not at the next full collection (see freeNow).
    freeNow(oldTags);
    if (keyOf === null) freeNow(oldKeys);
  }
}
