/**
 * Buffered standard output for the CLI. Lines are written as ASCII bytes straight into a large
 * buffer (numbers and IPv4 addresses digit by digit, no intermediate strings) and the buffer goes
 * out with one system call per megabyte: building millions of small JS strings and joining them
 * cost more than all the decoding. Past the output, the same buffer holds a "kept zone" of
 * pieces that many lines repeat (RIB attribute tails), appended with `copyWithin`: one native
 * copy, no view object per piece. A generation counter tells line loops whether bytes they wrote
 * earlier are still in the buffer, so they can copy repeated parts from there too.
 */
import { writeSync } from "node:fs";
import { putUint } from "./put-bytes.js";

/**
 * First size of the kept zone. Large on purpose: untouched pages of a big allocation cost
 * nothing, while growing by doubling touches and copies every earlier size.
 */
const KEPT_MIN = 8 << 20;

/**
 * The first flush of a file output comes after this many bytes, then every buffer's worth. Early
 * on purpose: the flush path then runs before V8's optimizing compiler has compiled the line
 * loops, which otherwise meet it for the first time in optimized code and are deoptimized (and
 * compiled again) at the first megabyte.
 */
const FIRST_FLUSH = 1 << 16;

/** A byte sink that flushes to a file descriptor. */
export class AsciiOutput {
  private buf: Buffer;
  private pos = 0;
  /**
   * End of the output zone. Past it, `buf` holds the kept zone `[limit, limit + keptLen)`: bytes
   * stored once and appended many times with `copyWithin`, which needs no view object per piece
   * (see {@link keep}).
   */
  private limit: number;
  private keptLen = 0;
  /** Counts flushes and resets: output positions stay valid while it is unchanged. */
  private gen = 0;
  /**
   * Where the next flush happens: the output zone's end, except before the first flush of a file
   * output (see {@link FIRST_FLUSH}).
   */
  private end: number;

  /**
   * @param fd file descriptor to write to (1 = stdout)
   * @param size buffer size; a flush happens when less than a line's worth is left
   */
  constructor(
    private readonly fd = 1,
    size = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(size);
    this.limit = size;
    this.end = fd >= 0 ? Math.min(size, FIRST_FLUSH) : size;
  }

  /** Makes sure `n` more bytes fit: flushes, or grows when there is no file (`fd` < 0). */
  private room(n: number): void {
    if (this.pos + n <= this.end) return;
    if (this.fd >= 0) this.flush();
    if (this.pos + n > this.limit)
      this.resize(Math.max(this.limit * 2, this.pos + n), this.buf.length - this.limit);
  }

  /** Reallocates with an output zone of `size` bytes and a kept zone of `keptCap`, keeping both contents. */
  private resize(size: number, keptCap: number): void {
    const next = Buffer.allocUnsafe(size + keptCap);
    next.set(this.buf.subarray(0, this.pos));
    next.set(this.buf.subarray(this.limit, this.limit + this.keptLen), size);
    this.buf = next;
    if (this.end === this.limit) this.end = size;
    this.limit = size;
  }

  /**
   * Stores `src[s, e)` in the kept zone and returns its offset there. Kept bytes outlive flushes
   * and resets; {@link keptStart} turns the offset into a position in {@link buffer}.
   */
  keep(src: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const cap = this.buf.length - this.limit;
    if (this.keptLen + n > cap) this.resize(this.limit, Math.max(cap * 2, this.keptLen + n, KEPT_MIN));
    const at = this.keptLen;
    this.buf.set(src.subarray(s, e), this.limit + at);
    this.keptLen += n;
    return at;
  }

  /**
   * Keeps the bytes written since output position `start` (see {@link keep}) and returns their
   * kept offset, or -1 when a flush or reset since `start` (see {@link generation}) lost them.
   */
  keepWritten(start: number, generation: number): number {
    if (generation !== this.gen) return -1;
    const n = this.pos - start;
    const cap = this.buf.length - this.limit;
    if (this.keptLen + n > cap) this.resize(this.limit, Math.max(cap * 2, this.keptLen + n, KEPT_MIN));
    const at = this.keptLen;
    this.buf.copyWithin(this.limit + at, start, this.pos);
    this.keptLen += n;
    return at;
  }

  /** Changes on every flush and reset (positions from before then are gone). */
  get generation(): number {
    return this.gen;
  }

  /** Bytes in the kept zone. */
  get keptLength(): number {
    return this.keptLen;
  }

  /**
   * Position in {@link buffer} of kept offset 0: copy kept bytes into a reserved stretch with
   * `buffer.copyWithin(p, keptStart + at, keptStart + at + n)` (valid until the next write).
   */
  get keptStart(): number {
    return this.limit;
  }

  /** Empties the kept zone (offsets from {@link keep} become invalid). */
  clearKept(): void {
    this.keptLen = 0;
  }

  /** Appends `n` kept bytes from kept offset `at`. */
  copyKept(at: number, n: number): void {
    this.room(n);
    const k = this.limit + at;
    this.buf.copyWithin(this.pos, k, k + n);
    this.pos += n;
  }

  /**
   * Appends `src[s, e)`, bytes written elsewhere (the WebAssembly formatter's output): to a file,
   * what is buffered goes first and then `src` is written straight from where it is; in memory
   * it is copied in.
   */
  external(src: Uint8Array, s: number, e: number): void {
    if (this.fd < 0) {
      this.copy(src, s, e);
      return;
    }
    this.flush();
    writeAll(this.fd, src, s, e);
  }

  /** Discards what was written (for an in-memory scratch output). */
  reset(): void {
    this.pos = 0;
    this.gen++;
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
    if (v <= 0xffffffff) {
      this.pos = putUint(b, this.pos, v);
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let t = v; p > this.pos - digits; t = Math.floor(t / 10)) b[--p] = 48 + (t % 10);
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
    this.gen++;
    this.end = this.limit;
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
