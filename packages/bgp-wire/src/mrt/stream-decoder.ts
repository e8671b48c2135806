/**
 * {@link MrtStreamDecoder}: MRT records from a byte stream delivered in arbitrary chunks. Records
 * that lie inside one chunk are views into it; only a record that straddles chunks is copied,
 * once, into an owned buffer (STYLE.md: copy only across chunk boundaries).
 */
import { MrtLimits } from "./constants.js";
import { MrtError, MrtErrorCode, isMrtError } from "./mrt-error.js";
import type { MrtErrorMode, MrtReaderInit } from "./reader.js";
import { decodeMrtRecordAt, mrtRecordSize } from "./record.js";
import type { MrtRecord } from "./types.js";

/**
 * Incremental MRT decoder. Feed chunks with {@link push}, which returns the records completed by
 * that chunk; call {@link end} when the stream ends. Chunks must not be modified afterwards while
 * records that view them are in use.
 */
export class MrtStreamDecoder {
  /** Errors skipped so far in `"skip"` mode. */
  readonly errors: MrtError[] = [];
  /** Offset in the whole stream of the next byte `push` will receive. */
  private streamPos: number;
  /** Bytes of a record begun in an earlier chunk (owned copy); `pendingLen` of them are valid. */
  private pending = new Uint8Array(0);
  private pendingLen = 0;
  /** Bytes still to skip of an over-long record (skip mode). */
  private skipBytes = 0;
  private readonly mode: MrtErrorMode;
  private readonly maxLength: number;
  private readonly onSkip: ((err: MrtError) => void) | undefined;
  /** An error found after some records of the same chunk, raised by the next call. */
  private deferred: MrtError | undefined;

  /** @param init error mode, record size limit and the stream's starting offset */
  constructor(init: MrtReaderInit = {}) {
    this.mode = init.onError ?? "throw";
    this.maxLength = init.maxRecordLength ?? MrtLimits.DEFAULT_MAX_RECORD_LENGTH;
    this.streamPos = init.baseOffset ?? 0;
    this.onSkip = init.onSkip;
  }

  /** Feeds the next chunk; returns the records it completes, in order. */
  push(input: Uint8Array): MrtRecord[] {
    this.throwDeferred();
    const out: MrtRecord[] = [];
    try {
      this.pushInto(input, out);
    } catch (e) {
      // In throw mode, deliver the records decoded before the damaged one first: the error is
      // raised by the next push() or end().
      if (out.length === 0 || !isMrtError(e)) throw e;
      this.deferred = e;
    }
    return out;
  }

  private pushInto(input: Uint8Array, out: MrtRecord[]): void {
    // A plain Uint8Array view: Node Buffers' subarray is several times slower on the hot path.
    const chunk =
      input.constructor === Uint8Array
        ? input
        : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const chunkBase = this.streamPos;
    this.streamPos += chunk.length;
    let pos = 0;
    if (this.skipBytes > 0) {
      const n = Math.min(this.skipBytes, chunk.length);
      this.skipBytes -= n;
      pos = n;
    }
    // Finish a record begun in an earlier chunk: copy just the bytes it still needs.
    while (this.pendingLen > 0) {
      if (this.pendingLen < MrtLimits.HEADER_LENGTH) {
        const take = Math.min(MrtLimits.HEADER_LENGTH - this.pendingLen, chunk.length - pos);
        this.append(chunk.subarray(pos, pos + take));
        pos += take;
        if (this.pendingLen < MrtLimits.HEADER_LENGTH) break;
        const full = mrtRecordSize(this.pending, 0);
        if (!this.checkLength(full, chunkBase + pos - MrtLimits.HEADER_LENGTH)) {
          // Skip the rest of an over-long record without buffering it.
          this.pendingLen = 0;
          this.skipBytes = full - MrtLimits.HEADER_LENGTH;
          const n = Math.min(this.skipBytes, chunk.length - pos);
          this.skipBytes -= n;
          pos += n;
          break;
        }
      }
      const size = mrtRecordSize(this.pending, 0);
      const take = Math.min(size - this.pendingLen, chunk.length - pos);
      this.append(chunk.subarray(pos, pos + take));
      pos += take;
      if (this.pendingLen < size) break;
      // Hand the owned buffer to the record (it is not reused) and start afresh.
      const rec = this.pending.subarray(0, size);
      this.pending = new Uint8Array(0);
      this.pendingLen = 0;
      this.decode(rec, 0, size, chunkBase + pos - size, out);
    }
    if (this.pendingLen > 0 || this.skipBytes > 0) return;
    // Whole records inside this chunk: zero-copy views.
    const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (pos < chunk.length) {
      const size = mrtRecordSize(chunk, pos);
      if (size >= 0 && !this.checkLength(size, chunkBase + pos)) {
        const n = Math.min(size, chunk.length - pos);
        this.skipBytes = size - n;
        pos += n;
        continue;
      }
      if (size < 0 || pos + size > chunk.length) {
        this.append(chunk.subarray(pos));
        break;
      }
      this.decodeWith(chunk, dv, pos, size, chunkBase, out);
      pos += size;
    }
  }

  /**
   * Signals the end of the stream. Leftover bytes mean the last record was cut: that is an
   * `MRT_TRUNCATED_HEADER`/`MRT_TRUNCATED_RECORD` error (thrown, or recorded in skip mode).
   */
  end(): void {
    this.throwDeferred();
    if (this.pendingLen === 0 && this.skipBytes === 0) return;
    const at = this.streamPos - this.pendingLen;
    const size = this.pendingLen >= 12 ? mrtRecordSize(this.pending, 0) : -1;
    const err =
      this.skipBytes > 0
        ? new MrtError(`MRT stream ends inside an over-long record (${this.skipBytes} bytes missing)`, {
            code: MrtErrorCode.TRUNCATED_RECORD,
            recordOffset: this.streamPos,
            offset: this.streamPos,
          })
        : size < 0
          ? new MrtError(
              `MRT stream ends inside a record header at offset ${at} (${this.pendingLen} of 12 bytes)`,
              { code: MrtErrorCode.TRUNCATED_HEADER, recordOffset: at, offset: this.streamPos },
            )
          : new MrtError(
              `MRT record at offset ${at} is cut: header says ${size} bytes, the stream ended after ${this.pendingLen}`,
              {
                code: MrtErrorCode.TRUNCATED_RECORD,
                recordOffset: at,
                offset: this.streamPos,
                recordLength: size,
              },
            );
    this.pendingLen = 0;
    this.skipBytes = 0;
    this.report(err);
  }

  private checkLength(size: number, recordOffset: number): boolean {
    if (size <= this.maxLength) return true;
    this.report(
      new MrtError(
        `MRT record at offset ${recordOffset} is ${size} bytes, over the limit of ${this.maxLength}`,
        {
          code: MrtErrorCode.RECORD_TOO_LONG,
          recordOffset,
          offset: recordOffset + 8,
          recordLength: size,
        },
      ),
    );
    return false;
  }

  private decode(bytes: Uint8Array, pos: number, size: number, recordOffset: number, out: MrtRecord[]): void {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.decodeWith(bytes, dv, pos, size, recordOffset - pos, out);
  }

  private decodeWith(
    bytes: Uint8Array,
    dv: DataView,
    pos: number,
    size: number,
    base: number,
    out: MrtRecord[],
  ): void {
    try {
      out.push(decodeMrtRecordAt(bytes, dv, pos, size, base));
    } catch (e) {
      if (!isMrtError(e)) throw e;
      this.report(e);
    }
  }

  private append(b: Uint8Array): void {
    const need = this.pendingLen + b.length;
    if (need > this.pending.length) {
      const next = new Uint8Array(Math.max(need, this.pending.length * 2, 64));
      next.set(this.pending.subarray(0, this.pendingLen));
      this.pending = next;
    }
    this.pending.set(b, this.pendingLen);
    this.pendingLen = need;
  }

  private throwDeferred(): void {
    const e = this.deferred;
    if (e === undefined) return;
    this.deferred = undefined;
    this.pendingLen = 0;
    this.skipBytes = 0;
    throw e;
  }

  private report(err: MrtError): void {
    if (this.mode === "throw") throw err;
    this.errors.push(err);
    this.onSkip?.(err);
  }
}
