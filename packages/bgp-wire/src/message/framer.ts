/**
 * Cuts a TCP byte stream into whole BGP messages (RFC 4271 §4.1: the Length field delimits
 * messages). Zero-copy where it can be: a message lying wholly inside one chunk is returned as a
 * view of that chunk; only a message that straddles chunks is copied, once, into a buffer of
 * exactly its length (the undici approach).
 */
import { Limits } from "../constants.js";
import { checkHeader } from "./header.js";

/** Options for {@link MessageFramer}. */
export interface MessageFramerInit {
  /**
   * Largest accepted message: 4096 (the default, RFC 4271 §4.1) or 65535 once RFC 8654
   * extended messages are negotiated; change it later with `setMaxMessageLength`.
   */
  readonly maxMessageLength?: number;
}

/**
 * Stream → messages. Feed every received chunk to `push`; it returns the messages completed by
 * that chunk, each a whole message with header, ready for `decodeMessage`. Header errors
 * (RFC 4271 §6.1: marker, length, type) throw a `BgpWireError` as soon as the 19 header bytes
 * are in, before the body arrives; after an error the framer stays failed and rethrows it.
 */
export class MessageFramer {
  private max: number;
  /** Bytes of a header that is not complete yet (at most 18 are ever kept). */
  private readonly head = new Uint8Array(Limits.HEADER_LENGTH);
  private headLen = 0;
  /** The straddling message being assembled, allocated once its header is known. */
  private partial: Uint8Array | null = null;
  private filled = 0;
  private failure: unknown = null;
  // The ranges of the messages the last chunk completed (see pushRanges): indexes of `source`,
  // except message 0 when it straddled chunks and was assembled into `joined`.
  private source: Uint8Array = new Uint8Array(0);
  private joined: Uint8Array | null = null;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  /** Creates a framer; see {@link MessageFramerInit}. */
  constructor(init: MessageFramerInit = {}) {
    this.max = init.maxMessageLength ?? Limits.MAX_MESSAGE_LENGTH;
  }

  /** The current maximum message length. */
  get maxMessageLength(): number {
    return this.max;
  }

  /**
   * Changes the maximum message length, e.g. to 65535 after both OPENs carried the Extended
   * Message capability (RFC 8654 §3). Applies to headers read from now on.
   */
  setMaxMessageLength(max: number): void {
    this.max = max;
  }

  /** Bytes received but not yet returned as part of a message. */
  get buffered(): number {
    return this.partial ? this.filled : this.headLen;
  }

  /**
   * Consumes one chunk and returns the messages it completes, in order. A returned message is
   * a view into `chunk` when it lay wholly inside it (valid as long as the caller keeps `chunk`
   * unchanged), otherwise an owned array.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const n = this.pushRanges(chunk);
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const b = this.rangeBytes(i);
      const from = this.starts[i]!;
      const to = this.ends[i]!;
      out.push(from === 0 && to === b.length ? b : b.subarray(from, to));
    }
    return out;
  }

  /**
   * {@link push} without a view per message: consumes one chunk and returns how many messages
   * it completes; message `i` is `rangeBytes(i)[rangeStart(i), rangeEnd(i))` (read it with
   * `decodeMessageAt`). The ranges are valid until the next call. A session's receive path
   * uses this: a view and an array slot per UPDATE were a good part of its young-generation
   * garbage (see the bench notes in docs/benchmarks.md).
   */
  pushRanges(chunk: Uint8Array): number {
    if (this.failure !== null) throw this.failure;
    try {
      return this.consume(chunk);
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /** The buffer holding message `i` of the last {@link pushRanges}. */
  rangeBytes(i: number): Uint8Array {
    return i === 0 && this.joined !== null ? this.joined : this.source;
  }

  /** Where message `i` of the last {@link pushRanges} starts in {@link rangeBytes}. */
  rangeStart(i: number): number {
    return this.starts[i]!;
  }

  /** Where message `i` of the last {@link pushRanges} ends in {@link rangeBytes}. */
  rangeEnd(i: number): number {
    return this.ends[i]!;
  }

  /** Records message `count` of this chunk as `[from, to)` of the chunk. */
  private add(count: number, from: number, to: number): number {
    if (count === this.starts.length) {
      const starts = new Int32Array(count * 2);
      const ends = new Int32Array(count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[count] = from;
    this.ends[count] = to;
    return count + 1;
  }

  private consume(input: Uint8Array): number {
    // A Node Buffer's subarray is another Buffer, made through a subclass constructor: a few
    // times dearer than a plain view, and every message, its body and its sections are one.
    // One plain view of the chunk makes all of those plain views of the same bytes.
    const chunk =
      input.constructor === Uint8Array
        ? input
        : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.source = chunk;
    this.joined = null;
    let count = 0;
    let pos = 0;
    if (this.partial === null && this.headLen > 0) {
      // Finish a header split across chunks; it is then copied with the rest of its message.
      const n = Math.min(Limits.HEADER_LENGTH - this.headLen, chunk.length);
      this.head.set(chunk.subarray(0, n), this.headLen);
      this.headLen += n;
      pos = n;
      if (this.headLen < Limits.HEADER_LENGTH) return 0;
      const length = checkHeader(this.head, 0, this.max);
      this.partial = new Uint8Array(length);
      this.partial.set(this.head);
      this.filled = Limits.HEADER_LENGTH;
      this.headLen = 0;
    }
    if (this.partial !== null) {
      const n = Math.min(this.partial.length - this.filled, chunk.length - pos);
      this.partial.set(chunk.subarray(pos, pos + n), this.filled);
      this.filled += n;
      pos += n;
      if (this.filled < this.partial.length) return 0;
      // The straddler is message 0, a whole owned array.
      this.joined = this.partial;
      count = this.add(count, 0, this.partial.length);
      this.partial = null;
      this.filled = 0;
    }
    while (chunk.length - pos >= Limits.HEADER_LENGTH) {
      const length = checkHeader(chunk, pos, this.max);
      if (chunk.length - pos >= length) {
        count = this.add(count, pos, pos + length);
        pos += length;
        continue;
      }
      this.partial = new Uint8Array(length);
      this.partial.set(chunk.subarray(pos));
      this.filled = chunk.length - pos;
      return count;
    }
    if (pos < chunk.length) {
      this.head.set(chunk.subarray(pos));
      this.headLen = chunk.length - pos;
    }
    return count;
  }
}
