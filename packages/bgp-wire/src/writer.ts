/**
 * A growable byte writer. Encoders append into it and patch length fields last, so a message is
 * built in one pass with no intermediate arrays. `finish()` returns owned bytes; `view()` returns
 * a view that the next `reset()` overwrites (the `encodeShared` convention of STYLE.md).
 */
export class ByteWriter {
  private buf: Uint8Array;
  private dv: DataView;
  /** Number of bytes written so far (the write position). */
  pos = 0;
  /** Hard limit in bytes; writing past it throws a RangeError that encoders turn into their own error. */
  readonly limit: number;

  /**
   * @param initialSize starting capacity in bytes (grows by doubling)
   * @param limit maximum size; defaults to unlimited
   * @param buffer optional caller-supplied buffer to write into first
   */
  constructor(initialSize = 4096, limit = Number.POSITIVE_INFINITY, buffer?: Uint8Array) {
    this.buf = buffer ?? new Uint8Array(initialSize);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.limit = limit;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need > this.limit) throw new RangeError(`ByteWriter: ${need} bytes exceeds limit ${this.limit}`);
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2 || 64;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Appends one byte. */
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  /** Appends a big-endian uint16. */
  u16(v: number): void {
    this.ensure(2);
    this.dv.setUint16(this.pos, v);
    this.pos += 2;
  }
  /** Appends a big-endian uint32. */
  u32(v: number): void {
    this.ensure(4);
    this.dv.setUint32(this.pos, v >>> 0);
    this.pos += 4;
  }
  /** Appends bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** Overwrites a uint8 at an earlier position (for length fields). */
  patchU8(at: number, v: number): void {
    this.buf[at] = v;
  }
  /** Overwrites a big-endian uint16 at an earlier position (for length fields). */
  patchU16(at: number, v: number): void {
    this.dv.setUint16(at, v);
  }
  /** Moves the write position back to `pos` (drops what was written after it). */
  truncate(pos: number): void {
    this.pos = pos;
  }
  /** Discards everything written, keeping the capacity. */
  reset(): void {
    this.pos = 0;
  }
  /** The bytes written so far as a view the next write or `reset()` may overwrite. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
  /** The bytes written so far as an owned copy. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
