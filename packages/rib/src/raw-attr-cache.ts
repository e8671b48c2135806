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

/** What one distinct Path Attributes field turned into. */
export interface RawAttrVerdict {
  /** The interned received set (reference not held by the cache), or null to treat as withdraw. */
  readonly set: AttrSet | null;
}

interface Entry extends RawAttrVerdict {
  readonly hash: number;
  /** A copy of the field; null when the set keeps the field's own bytes (`AttrSet.wireEquals`). */
  readonly bytes: Uint8Array | null;
}

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
  private slots: (Entry | undefined)[] | null = null;

  /**
   * The verdict for exactly the attribute bytes `bytes[from, to)` (`hash` from
   * {@link hashBytes} over the same range), if known.
   */
  get(bytes: Uint8Array, hash: number, from = 0, to = bytes.length): RawAttrVerdict | undefined {
    const e = this.slots?.[hash & (SLOTS - 1)];
    if (e === undefined || e.hash !== hash) return undefined;
    // A freed set is gone from the store: decoding again interns a live one.
    if (e.set !== null && e.set.refs <= 0) return undefined;
    if (e.bytes === null ? !e.set!.wireEquals(bytes, from, to) : !sameBytes(e.bytes, bytes, from, to))
      return undefined;
    return e;
  }

  /**
   * Remembers a verdict. The bytes are compared later against the set's own copy of the field
   * when it keeps one (a set from `internWire`), else copied (the message buffer is reused by the caller):
   * a full table has a distinct field in nearly every UPDATE, and a copy is an ArrayBuffer each.
   */
  set(bytes: Uint8Array, hash: number, set: AttrSet | null, from = 0, to = bytes.length): void {
    if (to - from > MAX_BYTES) return;
    // Allocated on first use: peers that never send IPv4 NLRI cost nothing.
    this.slots ??= new Array<Entry | undefined>(SLOTS).fill(undefined);
    // Uint8Array's own `slice` copies; a Node Buffer's `slice` would return a view.
    // No byte compare here: the caller interned `set` from these very bytes, and `get` compares
    // anyway (a set holding other bytes would only ever miss).
    const own = set?.keepsWire ? null : Uint8Array.prototype.slice.call(bytes, from, to);
    this.slots[hash & (SLOTS - 1)] = { hash, bytes: own, set };
  }

  /** Forgets everything (the session ended; the next one may decode differently). */
  clear(): void {
    this.slots = null;
  }
}
