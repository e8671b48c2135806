/**
 * Buffered standard output for the CLI. Lines are written as ASCII bytes straight into a large
 * buffer (numbers and IPv4 addresses digit by digit, no intermediate strings) and the buffer goes
 * out with one system call per megabyte: building millions of small JS strings and joining them
 * cost more than all the decoding.
 */
import { writeSync } from "node:fs";

/** A byte sink that flushes to a file descriptor. */
export class AsciiOutput {
  private buf: Buffer;
  private pos = 0;

  /**
   * @param fd file descriptor to write to (1 = stdout)
   * @param size buffer size; a flush happens when less than a line's worth is left
   */
  constructor(
    private readonly fd = 1,
    size = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes sure `n` more bytes fit: flushes, or grows when there is no file (`fd` < 0). */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.fd >= 0) this.flush();
    if (this.pos + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
  }

  /** Discards what was written (for an in-memory scratch output). */
  reset(): void {
    this.pos = 0;
  }

  /** The bytes written so far; valid until the next write or reset. */
  view(): Uint8Array {
    // A plain Uint8Array (not a Buffer), so that `.slice()` on it copies.
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.pos);
  }

  /** Appends bytes. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    if (n < 32) {
      const d = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) d[p++] = b[i]!;
      this.pos = p;
    } else {
      this.buf.set(b, this.pos);
      this.pos += n;
    }
  }

  /**
   * Appends `src[start, end)`. A plain loop: the copies here are line pieces of tens of bytes,
   * where `set(subarray())` or `Buffer.copy` cost more in call and allocation overhead.
   */
  copy(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    const d = this.buf;
    let p = this.pos;
    if (n > 256) d.set(src.subarray(start, end), p);
    else for (let i = start; i < end; i++) d[p++] = src[i]!;
    this.pos += n;
  }

  /**
   * Makes room for `n` more bytes and returns the buffer: write them from `length` on, then
   * call {@link commit} with the new end (for loops that write a whole line at once).
   */
  reserve(n: number): Uint8Array {
    this.room(n);
    return this.buf;
  }

  /** Sets the end of the written bytes after writing into the buffer from {@link reserve}. */
  commit(pos: number): void {
    this.pos = pos;
  }

  /** Bytes written so far (since the last flush or reset). */
  get length(): number {
    return this.pos;
  }

  /** The current buffer: valid for reading `[0, length)` until the next write or reset. */
  get buffer(): Buffer {
    return this.buf;
  }

  /** Appends an ASCII string. */
  str(s: string): void {
    const n = s.length;
    this.room(n);
    if (n < 64) {
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      this.pos += this.buf.write(s, this.pos, n, "latin1");
    }
  }

  /** Appends any string as UTF-8 (for JSON, where view names may be non-ASCII). */
  utf8(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, "utf8");
  }

  /** Appends one character code. */
  ch(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** Appends a non-negative integer below 2^53 in decimal. */
  num(v: number): void {
    this.room(16);
    const b = this.buf;
    if (v < 10) {
      b[this.pos++] = 48 + v;
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    if (v <= 0x7fffffff) {
      for (let t = v; p > this.pos - digits; t = (t / 10) | 0) b[--p] = 48 + (t % 10);
    } else {
      for (let t = v; p > this.pos - digits; t = Math.floor(t / 10)) b[--p] = 48 + (t % 10);
    }
  }

  /** Appends a signed 32-bit integer in decimal. */
  int(v: number): void {
    if (v < 0) {
      this.ch(45);
      this.num(-v);
    } else this.num(v);
  }

  /** Appends a uint32 as a dotted quad. */
  ipv4(v: number): void {
    this.room(15);
    this.octet((v >>> 24) & 255);
    this.buf[this.pos++] = 46;
    this.octet((v >>> 16) & 255);
    this.buf[this.pos++] = 46;
    this.octet((v >>> 8) & 255);
    this.buf[this.pos++] = 46;
    this.octet(v & 255);
  }

  /** Appends 4 bytes at `b[o..o+4)` as a dotted quad. */
  ipv4Bytes(b: Uint8Array, o: number): void {
    this.room(15);
    this.octet(b[o]!);
    this.buf[this.pos++] = 46;
    this.octet(b[o + 1]!);
    this.buf[this.pos++] = 46;
    this.octet(b[o + 2]!);
    this.buf[this.pos++] = 46;
    this.octet(b[o + 3]!);
  }

  /** Writes 0..255 in decimal (room for it must already be reserved). */
  private octet(v: number): void {
    const b = this.buf;
    if (v >= 100) {
      b[this.pos++] = 48 + ((v / 100) | 0);
      b[this.pos++] = 48 + (((v / 10) | 0) % 10);
    } else if (v >= 10) b[this.pos++] = 48 + ((v / 10) | 0);
    b[this.pos++] = 48 + (v % 10);
  }

  /** Writes everything pending. */
  flush(): void {
    if (this.fd < 0) return;
    writeAll(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
}

/** Writes `b[off, end)` to `fd`, waiting briefly and retrying while a non-blocking pipe is full. */
function writeAll(fd: number, b: Uint8Array, off: number, end: number): void {
  while (off < end) {
    try {
      off += writeSync(fd, b, off, end - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
