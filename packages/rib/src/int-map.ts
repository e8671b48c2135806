/**
 * A hash map from int32 keys to values: open addressing with linear probing over an
 * `Int32Array` of keys and a plain array of values. About 16-24 bytes per entry against ~45 for
 * a V8 `Map`, which matters at a million prefixes. Values must not be `undefined` (an empty
 * slot is an `undefined` value). Iteration follows slot order, not insertion order.
 */
export class IntMap<T> {
  private keys: Int32Array;
  private vals: (T | undefined)[];
  private mask: number;
  private shift: number;
  private count = 0;

  /** An empty map (capacity grows by doubling). */
  // Reads a value's key from the value itself: then no key array is kept (4 bytes a slot less,
  // which for a full table's prefix index is ~8 bytes a route), at the price of one more read
  // per probe.
  private readonly keyOf: ((value: T) => number) | null;

  /**
   * @param capacity entries to hold before the first growth
   * @param keyOf the key of a value, when values know their own key (no key array is kept)
   */
  constructor(capacity = 16, keyOf: ((value: T) => number) | null = null) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keyOf = keyOf;
    this.keys = new Int32Array(keyOf === null ? cap : 0);
    this.vals = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  // Fibonacci hashing: the high bits of key * 2^32/phi, so keys whose low bits are all zero
  // (masked prefixes) still spread over every slot.
  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** The value for `key`, if any. */
  get(key: number): T | undefined {
    const k = key | 0;
    const keyOf = this.keyOf;
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const v = this.vals[i];
      if (v === undefined) return undefined;
      if ((keyOf === null ? this.keys[i] : keyOf(v)) === k) return v;
    }
  }

  private keyAt(i: number): number {
    const keyOf = this.keyOf;
    return keyOf === null ? this.keys[i]! : keyOf(this.vals[i]!);
  }

  /** True when `key` is present. */
  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * The value for `key`, first storing `make(key, arg)` when there is none: one probe walk
   * for a lookup that usually misses on first sight (a new prefix), instead of a get and a set.
   */
  getOrAdd(key: number, arg: number, make: (key: number, arg: number) => T): T {
    const k = key | 0;
    const keyOf = this.keyOf;
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const v = this.vals[i];
      if (v === undefined) {
        const made = make(k, arg);
        if (keyOf === null) this.keys[i] = k;
        this.vals[i] = made;
        if (++this.count * 4 > this.vals.length * 3) this.grow();
        return made;
      }
      if ((keyOf === null ? this.keys[i] : keyOf(v)) === k) return v;
    }
  }

  /** Stores `value` for `key`; returns true when the key was new (one probe walk, not two). */
  set(key: number, value: T): boolean {
    const k = key | 0;
    const keyOf = this.keyOf;
    if (keyOf !== null && keyOf(value) !== k) throw new RangeError(`value's own key is not ${k}`);
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const v = this.vals[i];
      if (v === undefined) {
        if (keyOf === null) this.keys[i] = k;
        this.vals[i] = value;
        if (++this.count * 4 > this.vals.length * 3) this.grow();
        return true;
      }
      if ((keyOf === null ? this.keys[i] : keyOf(v)) === k) {
        this.vals[i] = value;
        return false;
      }
    }
  }

  /** Removes `key`; returns whether it was present. Backward-shift deletion keeps probes short. */
  delete(key: number): boolean {
    const k = key | 0;
    let i = this.slot(k);
    for (; ; i = (i + 1) & this.mask) {
      if (this.vals[i] === undefined) return false;
      if (this.keyAt(i) === k) break;
    }
    this.count--;
    // Move later entries of the same probe run back into the hole.
    let hole = i;
    for (let j = (i + 1) & this.mask; this.vals[j] !== undefined; j = (j + 1) & this.mask) {
      const home = this.slot(this.keyAt(j));
      // Entry j may move to the hole when its home slot is not in (hole, j] cyclically.
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        if (this.keyOf === null) this.keys[hole] = this.keys[j]!;
        this.vals[hole] = this.vals[j];
        hole = j;
      }
    }
    this.vals[hole] = undefined;
    return true;
  }

  /** Every value, in slot order. */
  *values(): IterableIterator<T> {
    const vals = this.vals;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (v !== undefined) yield v;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const keyOf = this.keyOf;
    const cap = oldVals.length * 2;
    this.keys = new Int32Array(keyOf === null ? cap : 0);
    this.vals = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    for (let i = 0; i < oldVals.length; i++) {
      const v = oldVals[i];
      if (v === undefined) continue;
      const k = keyOf === null ? oldKeys[i]! : keyOf(v);
      let j = this.slot(k);
      while (this.vals[j] !== undefined) j = (j + 1) & this.mask;
      if (keyOf === null) this.keys[j] = k;
      this.vals[j] = v;
    }
  }
}
