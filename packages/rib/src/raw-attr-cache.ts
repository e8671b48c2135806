/**
 * A per-peer cache from the raw bytes of an UPDATE's Path Attributes field to what the RIB made
 * of them: the interned attribute set, or the RFC 7606 verdict that the NLRI are to be treated
 * as withdrawn. BIRD's idea of slicing first and decoding late, one step further: an UPDATE
 * whose attribute bytes were seen before (a set spread over several UPDATEs, or re-announced)
 * is not decoded, hashed field by field or interned again; its NLRI go straight to the table.
 *
 * Only UPDATEs whose attributes describe IPv4 NLRI-field routes completely are cached (no
 * MP_REACH_NLRI / MP_UNREACH_NLRI, which carry prefixes inside the attribute bytes). Decoding
 * depends on the session's negotiated context (4-octet AS numbers above all), so the owner
 * clears the cache when the peer's session ends. Entries do not hold a reference to their set:
 * a set freed by the store (no route uses it any more) is a miss, never a resurrection.
 */
import type { AttrSet } from "./attr-store.js";

/** Number of slots: direct-mapped, so a hot set is found in one probe. */
const SLOTS = 1024;
/** Attribute fields longer than this are not cached (rare, and costly to keep). */
const MAX_BYTES = 512;

/**
 * A 32-bit hash of the byte range `b[from, to)` (FNV-1a over 32-bit words, then the tail bytes).
 * Reads the range in place: the field lies in the message and is not copied to be hashed.
 */
export function hashBytes(b: Uint8Array, from = 0, to = b.length): number {
  let h = 0x811c9dc5 ^ (to - from);
  const n = to;
  let i = from;
  for (; i + 4 <= n; i += 4) {
    h = Math.imul(h ^ ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!), 0x01000193);
    h ^= h >>> 13;
  }
  for (; i < n; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h ^ (h >>> 16)) | 0;
}

/** True when `x` holds exactly the bytes `y[from, to)`. */
function sameBytes(x: Uint8Array, y: Uint8Array, from: number, to: number): boolean {
  const n = x.length;
  if (n !== to - from) return false;
  for (let i = 0; i < n; i++) if (x[i] !== y[from + i]) return false;
  return true;
}

/** The raw-attribute cache of one peer session. */
export class RawAttrCache {
  // Direct-mapped slots as three parallel arrays, not an entry object each: a full table
  // brings a new field in nearly every UPDATE, and ~200k entry objects were young-generation
  // garbage that the collector copied before it died. Per slot: the field's hash; the verdict
  // (the interned received set, its reference not held here; null to treat as withdrawn;
  // undefined for an empty slot); a copy of the field, or null when the set keeps the field's
  // own bytes (`AttrSet.wireEquals`).
  private hashes: Int32Array | null = null;
  private verdicts: (AttrSet | null | undefined)[] = [];
  private copies: (Uint8Array | null)[] = [];

  /**
   * What the attribute bytes `bytes[from, to)` turned into (`hash` from {@link hashBytes} over
   * the same range): the interned received set (its reference not held by the cache), null when
   * they are to be treated as withdrawn (RFC 7606), undefined when not known.
   */
  get(bytes: Uint8Array, hash: number, from = 0, to = bytes.length): AttrSet | null | undefined {
    const hashes = this.hashes;
    if (hashes === null) return undefined;
    const i = hash & (SLOTS - 1);
    if (hashes[i] !== hash) return undefined;
    const set = this.verdicts[i];
    if (set === undefined) return undefined;
    // A freed set is gone from the store: decoding again interns a live one.
    if (set !== null && set.refs <= 0) return undefined;
    const copy = this.copies[i]!;
    if (copy === null ? !set!.wireEquals(bytes, from, to) : !sameBytes(copy, bytes, from, to))
      return undefined;
    return set;
  }

  /**
   * Remembers a verdict. The bytes are compared later against the set's own copy of the field
   * when it keeps one (a set from `internWire`), else copied (the message buffer is reused by the
   * caller).
   */
  set(bytes: Uint8Array, hash: number, set: AttrSet | null, from = 0, to = bytes.length): void {
    if (to - from > MAX_BYTES) return;
    // Allocated on first use: peers that never send IPv4 NLRI cost nothing.
    if (this.hashes === null) {
      this.hashes = new Int32Array(SLOTS);
      this.verdicts = new Array<AttrSet | null | undefined>(SLOTS).fill(undefined);
      this.copies = new Array<Uint8Array | null>(SLOTS).fill(null);
    }
    const i = hash & (SLOTS - 1);
    this.hashes[i] = hash;
    this.verdicts[i] = set;
    // Uint8Array's own `slice` copies; a Node Buffer's `slice` would return a view.
    // No byte compare here: the caller interned `set` from these very bytes, and `get` compares
    // anyway (a set holding other bytes would only ever miss).
    this.copies[i] = set?.keepsWire ? null : Uint8Array.prototype.slice.call(bytes, from, to);
  }

  /** Forgets everything (the session ended; the next one may decode differently). */
  clear(): void {
    this.hashes = null;
    this.verdicts = [];
    this.copies = [];
  }
}
