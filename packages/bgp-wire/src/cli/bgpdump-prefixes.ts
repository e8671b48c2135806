/**
 * bgpdump's prefix lists, reproduced down to their memory layout. bgpdump copies
 * `ceil(len / 8)` bytes of each prefix into a 16-byte address inside a 24-byte struct
 * (address 0-15, length at 16, path id at 20-23, host order), so a length above 128 in a damaged
 * or mis-framed NLRI (e.g. ADD-PATH NLRI read without path ids) overwrites the length and path id
 * it then prints. Keeping the same layout makes those lines identical too.
 */
import type { BgpdumpStream } from "./bgpdump-stream.js";

const SLOT = 24;

/** A decoded prefix list in bgpdump's layout. */
export class BgpdumpPrefixList {
  /** Slot memory: `count` slots of 24 bytes, plus room for one slot of overflow. */
  mem: Uint8Array;
  count = 0;

  constructor(capacity = 8) {
    this.mem = new Uint8Array((capacity + 2) * SLOT);
  }

  /** Empties the list for reuse. */
  clear(): this {
    this.count = 0;
    return this;
  }

  /** Prefix length of slot `i` as bgpdump will print it. */
  len(i: number): number {
    return this.mem[i * SLOT + 16]!;
  }
  /** Path id of slot `i` (host order = little-endian, as bgpdump stores it). */
  pathId(i: number): number {
    const m = this.mem;
    const o = i * SLOT + 20;
    return (m[o]! | (m[o + 1]! << 8) | (m[o + 2]! << 16) | (m[o + 3]! << 24)) >>> 0;
  }
  /** Byte offset of slot `i`'s address in `mem`. */
  addr(i: number): number {
    return i * SLOT;
  }

  private grow(): void {
    const next = new Uint8Array(this.mem.length * 2);
    next.set(this.mem);
    this.mem = next;
  }

  /**
   * Reads prefixes until the stream ends, as bgpdump's `read_prefix_list` does: with ADD-PATH a
   * 4-byte path id first, then a length byte and `ceil(len/8)` bytes; a prefix cut by the end
   * of the stream stops the list (bgpdump keeps it aside as "incomplete" and never prints it).
   */
  read(s: BgpdumpStream, addPath: boolean): this {
    while (s.left > 0) {
      const pathId = addPath ? s.getl() : 0;
      const pLen = s.getc();
      const pBytes = (pLen + 7) >> 3;
      if (s.left < pBytes) {
        s.skip(pBytes);
        break;
      }
      if ((this.count + 2) * SLOT > this.mem.length) this.grow();
      const at = this.count * SLOT;
      const m = this.mem;
      if (pBytes <= 4 && !addPath) {
        // The common IPv4 case, written field by field (`fill` costs more than this).
        const b = s.b;
        let q = s.pos;
        for (let i = 0; i < 4; i++) m[at + i] = i < pBytes ? b[q++]! : 0;
        for (let i = 4; i < SLOT; i++) m[at + i] = 0;
        m[at + 16] = pLen;
        s.pos = q;
        this.count++;
        continue;
      }
      m.fill(0, at, at + SLOT);
      m[at + 16] = pLen;
      m[at + 20] = pathId & 255;
      m[at + 21] = (pathId >>> 8) & 255;
      m[at + 22] = (pathId >>> 16) & 255;
      m[at + 23] = pathId >>> 24;
      s.getInto(this.mem, at, pBytes);
      this.count++;
    }
    return this;
  }
}

/**
 * Reusable lists: the formatter handles one record at a time and never keeps a list past it,
 * so lists are recycled instead of allocated for every UPDATE.
 */
class PrefixListPool {
  private readonly lists: BgpdumpPrefixList[] = [];
  private used = 0;

  /** Makes every list available again (call before each record). */
  reset(): void {
    this.used = 0;
  }

  /** An empty list, valid until the next `reset()`. */
  take(): BgpdumpPrefixList {
    let l = this.lists[this.used];
    if (!l) {
      l = new BgpdumpPrefixList();
      this.lists.push(l);
    }
    this.used++;
    return l.clear();
  }
}

/** The formatter's list pool. */
export const prefixListPool = new PrefixListPool();

/** Reads a prefix list from `s` into a pooled list (see {@link BgpdumpPrefixList.read}). */
export function readPrefixList(s: BgpdumpStream, addPath: boolean): BgpdumpPrefixList {
  return prefixListPool.take().read(s, addPath);
}
