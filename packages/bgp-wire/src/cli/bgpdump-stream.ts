/**
 * bgpdump reads every field through a bounded stream that never fails: a read past the end
 * returns zero bytes, and a sub-stream is cut to what is left. Reproducing that (instead of
 * rejecting damaged input as the library decoders do) is what makes `tsbgp-mrt -m` print
 * exactly what bgpdump prints for odd records.
 */
export class BgpdumpStream {
  /**
   * End of the record the stream reads from, for the one place bgpdump peeks at raw memory past
   * a field's end (the TABLE_DUMP_V2 MP_REACH form test): bytes up to here are visible, zeros
   * after. It is the whole buffer's length unless set with {@link resetWithin}.
   */
  lim: number;

  /**
   * @param b underlying bytes
   * @param pos read position
   * @param end one past the last readable byte
   */
  constructor(
    public b: Uint8Array,
    public pos: number,
    public end: number,
  ) {
    this.lim = b.length;
  }

  /** Re-points this stream (lets hot loops reuse one object instead of allocating). */
  reset(b: Uint8Array, pos: number, end: number): this {
    this.b = b;
    this.pos = pos;
    this.end = end;
    this.lim = b.length;
    return this;
  }

  /**
   * Re-points this stream at `b[pos, end)` of a record that ends at `lim`: reading a record
   * inside a larger buffer without making a view of it.
   */
  resetWithin(b: Uint8Array, pos: number, end: number, lim: number): this {
    this.b = b;
    this.pos = pos;
    this.end = end;
    this.lim = lim;
    return this;
  }

  /** Like {@link copy}, but re-points `into` instead of allocating a new stream. */
  copyInto(n: number, into: BgpdumpStream): BgpdumpStream {
    const take = Math.min(n, this.end - this.pos);
    into.resetWithin(this.b, this.pos, this.pos + take, this.lim);
    this.pos += take;
    return into;
  }

  /** Bytes left. */
  get left(): number {
    return this.end - this.pos;
  }
  /** One byte, 0 past the end. */
  getc(): number {
    if (this.pos < this.end) return this.b[this.pos++]!;
    return 0;
  }
  /** Big-endian uint16; missing bytes read as zero. */
  getw(): number {
    if (this.end - this.pos >= 2) {
      const v = (this.b[this.pos]! << 8) | this.b[this.pos + 1]!;
      this.pos += 2;
      return v;
    }
    return (this.getc() << 8) | 0;
  }
  /** Big-endian uint32; missing bytes read as zero. */
  getl(): number {
    if (this.end - this.pos >= 4) {
      const p = this.pos;
      this.pos += 4;
      return ((this.b[p]! << 24) | (this.b[p + 1]! << 16) | (this.b[p + 2]! << 8) | this.b[p + 3]!) >>> 0;
    }
    let v = 0;
    for (let i = 0; i < 4; i++) v = (v << 8) | this.getc();
    return v >>> 0;
  }
  /** Copies `n` bytes into `dst` at `at`, zero-filling what is missing; advances at most to the end. */
  getInto(dst: Uint8Array, at: number, n: number): void {
    const room = this.end - this.pos;
    const take = Math.min(room, n);
    for (let i = 0; i < take; i++) dst[at + i] = this.b[this.pos + i]!;
    for (let i = take; i < n; i++) dst[at + i] = 0;
    this.pos += take;
  }
  /** Skips `n` bytes (at most to the end). */
  skip(n: number): void {
    this.pos = Math.min(this.end, this.pos + n);
  }
  /** A sub-stream of the next `n` bytes (fewer if fewer are left); this stream moves past them. */
  copy(n: number): BgpdumpStream {
    const take = Math.min(n, this.end - this.pos);
    const s = new BgpdumpStream(this.b, this.pos, this.pos + take);
    s.lim = this.lim;
    this.pos += take;
    return s;
  }
}
