/**
 * A table of values keyed by prefix, with exact and longest-prefix-match lookup. IPv4: one
 * `MaskedKeyMap` per prefix length below 32 keyed by the masked address, an `IntMap` for /32s; IPv6: one `Map` keyed by the compact string
 * keys of `prefix-key.ts`. Longest match probes only the lengths that hold entries, so at most
 * 33 (IPv4) or 129 (IPv6) map probes and usually far fewer. Simpler and smaller than a pointer trie in JavaScript, where each trie
 * node would be a heap object.
 */
import type { IpAddress, Prefix } from "@tsbgp/bgp-wire";
import { IntMap } from "./int-map.js";
import { MaskedKeyMap } from "./masked-key-map.js";
import { v4Mask, v6Key, v6KeyMasked, v6MaskBytes } from "./prefix-key.js";

/** Exact and longest-prefix-match storage for IPv4 and IPv6 prefixes. */
export class PrefixTable<T> {
  // IPv4: one int32-keyed hash map per length, keyed by the masked address (no boxed doubles,
  // no per-entry objects). Lengths 0-31 have a zero low bit to mark occupied slots with (see
  // MaskedKeyMap); /32s, which do not, get an IntMap of their own.
  private readonly v4: (MaskedKeyMap<T> | undefined)[] = new Array(32).fill(undefined);
  private v4Host: IntMap<T> | undefined;
  private readonly v6 = new Map<string, T>();
  private readonly v6Lens = new Uint32Array(129);
  private v4Size = 0;

  /**
   * @param v4KeyOf the IPv4 address (as an int32) of a value, when values know their own prefix:
   *   the /32 map then keeps no key array (see {@link IntMap}; the other lengths always keep
   *   their keys, see {@link MaskedKeyMap})
   */
  constructor(private readonly v4KeyOf: ((value: T) => number) | null = null) {}

  /** Number of entries (both families). */
  get size(): number {
    return this.v4Size + this.v6.size;
  }

  /** Number of IPv4 entries. */
  get sizeV4(): number {
    return this.v4Size;
  }

  /** Number of IPv6 entries. */
  get sizeV6(): number {
    return this.v6.size;
  }

  /** The value stored for exactly this prefix. */
  get(p: Prefix): T | undefined {
    return p.afi === 1 ? this.getV4(p.addr, p.len) : this.v6.get(v6Key(p.addr, p.len));
  }

  /** The value stored for exactly this IPv4 prefix, given as numbers (no prefix object needed). */
  getV4(addr: number, len: number): T | undefined {
    return len === 32 ? this.v4Host?.get(addr | 0) : this.v4[len]?.get(addr & v4Mask(len));
  }

  /** The map of one IPv4 length below 32, made on first use. */
  private masked(len: number): MaskedKeyMap<T> {
    let m = this.v4[len];
    if (m === undefined) {
      m = new MaskedKeyMap<T>(32 - len);
      this.v4[len] = m;
    }
    return m;
  }

  /** The /32 map, made on first use. */
  private host(): IntMap<T> {
    this.v4Host ??= new IntMap<T>(16, this.v4KeyOf, 0);
    return this.v4Host;
  }

  /**
   * The value for an IPv4 prefix given as numbers, first storing `make(masked address, len)`
   * when there is none (one hash probe walk). `make` must not touch this table.
   */
  getOrAddV4(addr: number, len: number, make: (addr: number, len: number) => T): T {
    if (len === 32) {
      const h = this.host();
      const before = h.size;
      const v = h.getOrAdd(addr | 0, len, make);
      if (h.size !== before) this.v4Size++;
      return v;
    }
    const m = this.masked(len);
    const before = m.size;
    const v = m.getOrAdd(addr & v4Mask(len), len, make);
    if (m.size !== before) this.v4Size++;
    return v;
  }

  /** Stores a value for an IPv4 prefix given as numbers, replacing any previous one. */
  setV4(addr: number, len: number, value: T): void {
    const added =
      len === 32 ? this.host().set(addr | 0, value) : this.masked(len).set(addr & v4Mask(len), value);
    if (added) this.v4Size++;
  }

  /** Stores a value for the prefix, replacing any previous one. */
  set(p: Prefix, value: T): void {
    if (p.afi === 1) this.setV4(p.addr, p.len, value);
    else {
      const k = v6Key(p.addr, p.len);
      if (!this.v6.has(k)) this.v6Lens[p.len] = (this.v6Lens[p.len] ?? 0) + 1;
      this.v6.set(k, value);
    }
  }

  /** Removes the prefix; returns whether it was present. */
  delete(p: Prefix): boolean {
    if (p.afi === 1) {
      const gone =
        (p.len === 32 ? this.v4Host?.delete(p.addr | 0) : this.v4[p.len]?.delete(p.addr & v4Mask(p.len))) ??
        false;
      if (gone) this.v4Size--;
      return gone;
    }
    const gone = this.v6.delete(v6Key(p.addr, p.len));
    if (gone) this.v6Lens[p.len] = (this.v6Lens[p.len] ?? 1) - 1;
    return gone;
  }

  /** The value of the longest stored prefix that covers `addr` (a host address). */
  longestMatch(addr: IpAddress): T | undefined {
    if (addr.afi === 1) {
      const h = this.v4Host;
      if (h !== undefined && h.size > 0) {
        const v = h.get(addr.addr | 0);
        if (v !== undefined) return v;
      }
      for (let len = 31; len >= 0; len--) {
        const m = this.v4[len];
        if (m === undefined || m.size === 0) continue;
        const v = m.get(addr.addr & v4Mask(len));
        if (v !== undefined) return v;
      }
      return undefined;
    }
    for (let len = 128; len >= 0; len--) {
      if (this.v6Lens[len] === 0) continue;
      const v = this.v6.get(v6KeyMasked(v6MaskBytes(addr.addr, len), len));
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** All values: IPv4 by prefix length (hash order within a length), then IPv6 (insertion order). */
  *values(): IterableIterator<T> {
    for (const m of this.v4) if (m !== undefined) yield* m.values();
    if (this.v4Host !== undefined) yield* this.v4Host.values();
    yield* this.v6.values();
  }
}
