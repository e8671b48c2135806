/**
 * A bounds-checked reader over one record's message field. Every read past the record's end
 * throws an `MrtError` naming the absolute offset, so hostile bytes never surface as a
 * `RangeError` from a DataView.
 */
import type { Ipv4Address, Ipv6Address, IpAddress, Prefix } from "../types/address.js";
import { MrtError, MrtErrorCode } from "./mrt-error.js";

/** Cursor over `bytes[pos, end)`; `base` maps local offsets to offsets in the whole input. */
export class MrtCursor {
  pos: number;

  /**
   * @param bytes the buffer holding the record
   * @param dv a DataView over the same buffer (shared by all records of a reader)
   * @param pos first byte of the message field
   * @param end one past its last byte
   * @param base offset of `bytes[0]` in the whole input
   * @param recordOffset offset of the record's header in the whole input (for errors)
   * @param recordLength the record's total length (for errors)
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly dv: DataView,
    pos: number,
    readonly end: number,
    readonly base: number,
    readonly recordOffset: number,
    readonly recordLength: number,
  ) {
    this.pos = pos;
  }

  /** Bytes left in the message field. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws unless `n` more bytes are available; `what` names the field for the message. */
  need(n: number, what: string): void {
    if (this.pos + n > this.end) {
      throw new MrtError(
        `MRT record at offset ${this.recordOffset}: ${what} needs ${n} bytes at offset ${this.base + this.pos}, only ${this.end - this.pos} left in the record`,
        {
          code: MrtErrorCode.MALFORMED_RECORD,
          recordOffset: this.recordOffset,
          offset: this.base + this.pos,
          recordLength: this.recordLength,
        },
      );
    }
  }

  /** Reads one byte. */
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }
  /** Reads a big-endian uint16. */
  u16(what: string): number {
    this.need(2, what);
    const v = this.dv.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  /** Reads a big-endian uint32. */
  u32(what: string): number {
    this.need(4, what);
    const v = this.dv.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  /** Returns a view of the next `n` bytes. */
  view(n: number, what: string): Uint8Array {
    this.need(n, what);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** Reads an IPv4 address. */
  ipv4(what: string): Ipv4Address {
    return { afi: 1, addr: this.u32(what) };
  }
  /** Reads an IPv6 address into a fresh 16-byte array. */
  ipv6(what: string): Ipv6Address {
    this.need(16, what);
    const addr = this.bytes.slice(this.pos, this.pos + 16);
    this.pos += 16;
    return { afi: 2, addr };
  }
  /** Reads an address of family `afi` (1 or 2). */
  ip(afi: number, what: string): IpAddress {
    return afi === 2 ? this.ipv6(what) : this.ipv4(what);
  }
  /** Reads a length-prefixed prefix (length in bits, then the significant bytes; RFC 6396 §4.3.2). */
  prefix(afi: 1 | 2, what: string): Prefix {
    const len = this.u8(`${what} length`);
    const max = afi === 1 ? 32 : 128;
    if (len > max) this.fail(`${what} length ${len} exceeds ${max}`, this.pos - 1);
    const n = (len + 7) >> 3;
    this.need(n, what);
    if (afi === 1) {
      let addr = 0;
      for (let i = 0; i < n; i++) addr |= this.bytes[this.pos + i]! << (24 - 8 * i);
      this.pos += n;
      return { afi: 1, addr: addr >>> 0, len };
    }
    const addr = new Uint8Array(16);
    addr.set(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return { afi: 2, addr, len };
  }
  /** Throws a malformed-record error about the field at local position `at`. */
  fail(message: string, at = this.pos): never {
    throw new MrtError(`MRT record at offset ${this.recordOffset}: ${message} (offset ${this.base + at})`, {
      code: MrtErrorCode.MALFORMED_RECORD,
      recordOffset: this.recordOffset,
      offset: this.base + at,
      recordLength: this.recordLength,
    });
  }
}
