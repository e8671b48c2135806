import { freeNow } from "./free-now.js";

/**
 * A hash map from masked IPv4 prefix addresses (int32 keys whose lowest bit is always zero: the
 * prefixes of one length below 32) to values: the prefix index of the RIB and of Adj-RIB-Out.
 * Like {@link IntMap}, open addressing with linear probing, but the probe array holds the keys
 * themselves (`key | 1`, 0 for an empty slot) instead of one-byte tags: 12 bytes a slot (key and
 * value) where IntMap takes 9 (tag and value, the key read from the value) or 13 (tag, key and
 * value).
 *
 * Why keys and not tags: growing the table must rehash every entry. With tags only, each key is
 * read from its value, one likely cache miss per entry (the values lie in allocation order,
 * the slots in hash order): on the shared bench harness's 1M-prefix feed that was ~100 ms of a
 * ~1.2 s ingest, plus key reads on tag matches. Here a rehash reads two arrays front to back.
 * A probe compares a key directly instead of a tag then a key.
 */
export class MaskedKeyMap<T> {
  // `key | 1` per slot (a masked key's lowest bit is zero, so an occupied slot is never 0).
  private keys: Int32Array;
  private vals: (T | undefined)[];
  private mask: number;
  private shift: number;
  private count = 0;
  // Low key bits skipped by the hash: the always-zero ones (32 - prefix length), at most 31
  // (a /0 has the single key 0, and `>>> 32` would shift by nothing).
  private readonly zeroShift: number;

  /**
   * An empty map (capacity grows by doubling).
   * @param zeroBits how many low bits of every key are zero (32 - prefix length): 1 to 32
   * @param capacity entries to hold before the first growth
   */
  constructor(zeroBits: number, capacity = 16) {
    if (!(zeroBits >= 1 && zeroBits <= 32)) throw new RangeError(`zeroBits must be 1..32, got ${zeroBits}`);
    this.zeroShift = Math.min(zeroBits, 31);
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Int32Array(cap);
    this.vals = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  // The home slot, as IntMap's: a 256-slot block picked by the key's upper bits (Fibonacci
  // hashing), the lowest 8 significant bits the slot within it, so a table arriving in address
  // order is written a few cache lines at a time.
  private slot(key: number): number {
    const k = key >>> this.zeroShift;
    return ((Math.imul(k >>> 8, 0x9e3779b1) >>> this.shift) ^ (k & 0xff)) & this.mask;
  }

  /** The slot holding `key`, or -1. */
  private find(key: number): number {
    const keys = this.keys;
    const want = key | 1;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const s = keys[i]!;
      if (s === want) return i;
      if (s === 0) return -1;
    }
  }

  /** The value for `key`, if any. `key` must have its `zeroBits` low bits clear. */
  get(key: number): T | undefined {
    const i = this.find(key | 0);
    return i < 0 ? undefined : this.vals[i];
  }

  /** True when `key` is present. */
  has(key: number): boolean {
    return this.find(key | 0) >= 0;
  }

  /**
   * The value for `key`, first storing `make(key, arg)` when there is none (one probe walk).
   * `key` must have its `zeroBits` low bits clear.
   */
  getOrAdd(key: number, arg: number, make: (key: number, arg: number) => T): T {
    const k = key | 0;
    const keys = this.keys;
    const want = k | 1;
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const s = keys[i]!;
      if (s === want) return this.vals[i]!;
      if (s === 0) {
        const made = make(k, arg);
        this.put(i, want, made);
        return made;
      }
    }
  }

  /** Stores `value` for `key`; returns true when the key was new. */
  set(key: number, value: T): boolean {
    const k = key | 0;
    const keys = this.keys;
    const want = k | 1;
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const s = keys[i]!;
      if (s === want) {
        this.vals[i] = value;
        return false;
      }
      if (s === 0) {
        this.put(i, want, value);
        return true;
      }
    }
  }

  /** Fills the empty slot `i`, growing the table past three quarters full. */
  private put(i: number, stored: number, value: T): void {
    this.keys[i] = stored;
    this.vals[i] = value;
    if (++this.count * 4 > this.keys.length * 3) this.grow();
  }

  /** Removes `key`; returns whether it was present. Backward-shift deletion keeps probes short. */
  delete(key: number): boolean {
    const i = this.find(key | 0);
    if (i < 0) return false;
    this.count--;
    const keys = this.keys;
    let hole = i;
    for (let j = (i + 1) & this.mask; keys[j] !== 0; j = (j + 1) & this.mask) {
      const home = this.slot(keys[j]! & ~1);
      // Entry j may move to the hole when its home slot is not in (hole, j] cyclically.
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        keys[hole] = keys[j]!;
        this.vals[hole] = this.vals[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    this.vals[hole] = undefined;
    return true;
  }

  /** Every value, in slot order. */
  *values(): IterableIterator<T> {
    const keys = this.keys;
    const vals = this.vals;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) yield vals[i]!;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldKeys.length * 2;
    const keys = new Int32Array(cap);
    const vals = new Array<T | undefined>(cap).fill(undefined);
    this.keys = keys;
    this.vals = vals;
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    for (let i = 0; i < oldKeys.length; i++) {
      const s = oldKeys[i]!;
      if (s === 0) continue;
      let j = this.slot(s & ~1);
      while (keys[j] !== 0) j = (j + 1) & this.mask;
      keys[j] = s;
      vals[j] = oldVals[i];
    }
    freeNow(oldKeys);
  }
}
