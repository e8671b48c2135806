/**
 * Growable writer for netlink messages: appends headers and attributes, patches length
 * fields last (RFC 3549 §2.3.2; attributes are NLA-aligned to 4 bytes).
 * @module
 */
import { parseIp, parseV4 } from "../model/ip.js";
import { NLMSG_HDRLEN } from "./constants.js";

/** Netlink is host byte order; every platform Node ships on today is little-endian, but check. */
export const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const align4 = (n: number): number => (n + 3) & ~3;

/**
 * Appends netlink messages into one buffer, so a whole batch goes out in one `sendmsg`.
 * `bytes()` returns a view that the next write may overwrite (`Shared` ownership); copy to keep.
 */
export class NlWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Forgets everything written (keeps the allocation). */
  reset(): void {
    this.pos = 0;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Starts a message (`struct nlmsghdr`); returns its offset for {@link endMessage}. */
  beginMessage(type: number, flags: number, seq: number, pid = 0): number {
    this.ensure(NLMSG_HDRLEN);
    const at = this.pos;
    this.view.setUint32(at, 0, HOST_LE);
    this.view.setUint16(at + 4, type, HOST_LE);
    this.view.setUint16(at + 6, flags, HOST_LE);
    this.view.setUint32(at + 8, seq >>> 0, HOST_LE);
    this.view.setUint32(at + 12, pid >>> 0, HOST_LE);
    this.pos += NLMSG_HDRLEN;
    return at;
  }

  /** Patches `nlmsg_len` of the message started at `at`. */
  endMessage(at: number): void {
    this.view.setUint32(at, this.pos - at, HOST_LE);
  }

  /** Appends one byte. */
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /**
   * Appends eight bytes in one call (a fixed header such as `struct rtmsg`'s first eight): one
   * bounds check instead of eight, which counts when 100,000 routes are encoded.
   */
  u8x8(b0: number, b1: number, b2: number, b3: number, b4: number, b5: number, b6: number, b7: number): void {
    this.ensure(8);
    const b = this.buf;
    const at = this.pos;
    b[at] = b0;
    b[at + 1] = b1;
    b[at + 2] = b2;
    b[at + 3] = b3;
    b[at + 4] = b4;
    b[at + 5] = b5;
    b[at + 6] = b6;
    b[at + 7] = b7;
    this.pos = at + 8;
  }

  /** Appends a host-order u16. */
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, HOST_LE);
    this.pos += 2;
  }

  /** Appends a host-order u32. */
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, HOST_LE);
    this.pos += 4;
  }

  /** Appends `n` zero bytes. */
  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** Appends an attribute with a raw payload, padded to 4 bytes. */
  attr(type: number, payload: Uint8Array): void {
    const len = 4 + payload.length;
    this.ensure(align4(len));
    this.view.setUint16(this.pos, len, HOST_LE);
    this.view.setUint16(this.pos + 2, type, HOST_LE);
    this.buf.set(payload, this.pos + 4);
    this.buf.fill(0, this.pos + len, this.pos + align4(len));
    this.pos += align4(len);
  }

  /** Appends a u32 attribute. */
  attrU32(type: number, v: number): void {
    this.ensure(8);
    this.view.setUint16(this.pos, 8, HOST_LE);
    this.view.setUint16(this.pos + 2, type, HOST_LE);
    this.view.setUint32(this.pos + 4, v >>> 0, HOST_LE);
    this.pos += 8;
  }

  /** Appends an address attribute from text; IPv4 is written in place without allocating. */
  attrIp(type: number, text: string): void {
    if (text.includes(":")) {
      this.attr(type, parseIp(text));
      return;
    }
    this.ensure(8);
    this.view.setUint16(this.pos, 8, HOST_LE);
    this.view.setUint16(this.pos + 2, type, HOST_LE);
    if (!parseV4(text, this.buf, this.pos + 4)) parseIp(text); // throws the typed error
    this.pos += 8;
  }

  /** Starts a nested attribute; returns its offset for {@link endNested}. */
  beginNested(type: number): number {
    this.ensure(4);
    const at = this.pos;
    this.view.setUint16(at + 2, type, HOST_LE);
    this.pos += 4;
    return at;
  }

  /** Patches the length of a nested attribute (or of an rtnexthop, whose length is also a u16 at 0). */
  endNested(at: number): void {
    this.view.setUint16(at, this.pos - at, HOST_LE);
    this.pos = at + align4(this.pos - at);
  }

  /** Reserves `n` bytes and returns their offset, to be patched with {@link NlWriter.patchU16} (or a direct byte write). */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.buf.fill(0, at, at + n);
    this.pos += n;
    return at;
  }

  /** Writes a u16 at an earlier offset. */
  patchU16(at: number, v: number): void {
    this.view.setUint16(at, v, HOST_LE);
  }

  /** View of everything written; overwritten by later writes after {@link reset}. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** View of `[start, end)`. */
  slice(start: number, end: number): Uint8Array {
    return this.buf.subarray(start, end);
  }
}
