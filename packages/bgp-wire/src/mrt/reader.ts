/** {@link MrtReader}: iterate the records of an MRT dump held in one buffer, zero-copy. */
import { MrtLimits } from "./constants.js";
import { MrtError, MrtErrorCode, isMrtError } from "./mrt-error.js";
import { decodeMrtRecordAt, mrtRecordSize } from "./record.js";
import type { MrtRecord } from "./types.js";

/** What a reader does with a damaged record: throw it, or note it in `errors` and go on. */
export type MrtErrorMode = "throw" | "skip";

/** Options shared by {@link MrtReader} and `MrtStreamDecoder`. */
export interface MrtReaderInit {
  /** `"throw"` (default) raises the first `MrtError`; `"skip"` records it and continues. */
  readonly onError?: MrtErrorMode;
  /** Refuse records longer than this (header included). Default `MrtLimits.DEFAULT_MAX_RECORD_LENGTH`. */
  readonly maxRecordLength?: number;
  /** Offset of the first byte in the whole input, for error messages. Default 0. */
  readonly baseOffset?: number;
  /** Called with each error skipped in `"skip"` mode, in order. */
  readonly onSkip?: (err: MrtError) => void;
}

/**
 * Reads records from a complete MRT dump in memory. Records are views into `bytes` (no copies);
 * keep `bytes` unchanged while you use them.
 *
 * A record whose fields are damaged but whose length is sane is skippable: in `"skip"` mode the
 * reader notes the error and moves to the next header. A record that runs past the end of the
 * buffer (a cut file) ends the iteration, with a `MRT_TRUNCATED_RECORD` error.
 */
export class MrtReader implements Iterable<MrtRecord> {
  /** Position of the next record in `bytes`. */
  pos = 0;
  /** Errors skipped so far in `"skip"` mode. */
  readonly errors: MrtError[] = [];
  private readonly dv: DataView;
  private readonly mode: MrtErrorMode;
  private readonly maxLength: number;
  private readonly base: number;
  private readonly onSkip: ((err: MrtError) => void) | undefined;
  private done = false;

  /** The input (as a plain `Uint8Array` view). */
  readonly bytes: Uint8Array;

  /** @param bytes a whole dump, already decompressed */
  constructor(bytes: Uint8Array, init: MrtReaderInit = {}) {
    this.bytes = bytes;
    // A plain Uint8Array view: Node Buffers' subarray is several times slower on the hot path.
    if (bytes.constructor !== Uint8Array)
      this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.mode = init.onError ?? "throw";
    this.maxLength = init.maxRecordLength ?? MrtLimits.DEFAULT_MAX_RECORD_LENGTH;
    this.base = init.baseOffset ?? 0;
    this.onSkip = init.onSkip;
  }

  /** The next record, or `undefined` at the end of the input (or after a truncated record in skip mode). */
  next(): MrtRecord | undefined {
    while (!this.done) {
      const pos = this.pos;
      const bytes = this.bytes;
      if (pos >= bytes.length) {
        this.done = true;
        return undefined;
      }
      const size = mrtRecordSize(bytes, pos);
      if (size < 0) {
        this.done = true;
        this.report(
          new MrtError(
            `MRT input ends inside a record header at offset ${this.base + pos} (${bytes.length - pos} of 12 bytes)`,
            {
              code: MrtErrorCode.TRUNCATED_HEADER,
              recordOffset: this.base + pos,
              offset: this.base + bytes.length,
            },
          ),
        );
        return undefined;
      }
      if (size > this.maxLength) {
        const err = new MrtError(
          `MRT record at offset ${this.base + pos} is ${size} bytes, over the limit of ${this.maxLength}`,
          {
            code: MrtErrorCode.RECORD_TOO_LONG,
            recordOffset: this.base + pos,
            offset: this.base + pos + 8,
            recordLength: size,
          },
        );
        if (pos + size > bytes.length) this.done = true;
        else this.pos = pos + size;
        this.report(err);
        continue;
      }
      if (pos + size > bytes.length) {
        this.done = true;
        this.report(
          new MrtError(
            `MRT record at offset ${this.base + pos} is cut: header says ${size} bytes, only ${bytes.length - pos} remain`,
            {
              code: MrtErrorCode.TRUNCATED_RECORD,
              recordOffset: this.base + pos,
              offset: this.base + bytes.length,
              recordLength: size,
            },
          ),
        );
        return undefined;
      }
      this.pos = pos + size;
      try {
        return decodeMrtRecordAt(bytes, this.dv, pos, size, this.base);
      } catch (e) {
        if (!isMrtError(e)) throw e;
        this.report(e);
      }
    }
    return undefined;
  }

  /** Iterates the remaining records. */
  *[Symbol.iterator](): Iterator<MrtRecord> {
    for (let r = this.next(); r !== undefined; r = this.next()) yield r;
  }

  private report(err: MrtError): void {
    if (this.mode === "throw") throw err;
    this.errors.push(err);
    this.onSkip?.(err);
  }
}
