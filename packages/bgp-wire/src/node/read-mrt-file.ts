/** `readMrtFile`: the records of an MRT file on disk, plain, gzip or bzip2. */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { MrtError, MrtErrorCode, isMrtError } from "../mrt/mrt-error.js";
import { MrtStreamDecoder } from "../mrt/stream-decoder.js";
import type { MrtRecord } from "../mrt/types.js";
import { type MrtCompression, decompress, detectCompression } from "./compression.js";

/** Options for {@link readMrtFile}. */
export interface ReadMrtFileOptions {
  /**
   * `"stop"` (default): the first damaged record, cut file or decompression error is thrown.
   * `"skip"`: damaged records are skipped and a cut or corrupt end of file ends the iteration
   * quietly; each problem is passed to `onSkip`.
   */
  readonly onError?: "stop" | "skip";
  /** Receives each problem skipped in `"skip"` mode. */
  readonly onSkip?: (err: Error) => void;
  /** Force a compression instead of detecting it from the magic bytes. */
  readonly compression?: MrtCompression;
  /** Read size for the file, in bytes. Default 1 MiB. */
  readonly chunkSize?: number;
  /** Refuse records longer than this many bytes (see `MrtLimits.DEFAULT_MAX_RECORD_LENGTH`). */
  readonly maxRecordLength?: number;
}

/** A byte source opened by {@link openMrtBytes}: its compression and decompressed chunks. */
export interface MrtByteSource {
  /** The compression detected (or forced). */
  readonly compression: MrtCompression;
  /**
   * The decompressed bytes. Iteration throws the decompressor's error for a cut or corrupt
   * compressed stream (after the chunks decoded before the damage).
   */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Releases the source (call when done, also after an error). */
  close(): void;
}

/**
 * Opens a byte stream as decompressed MRT bytes: detects the compression from the first chunk
 * (unless forced) and replays that chunk before the rest, so a source is read once and pipes
 * work too. Errors reading the first chunk (e.g. a missing file) are thrown here.
 */
export async function openMrtBytes(
  raw: AsyncIterable<Uint8Array>,
  forced?: MrtCompression,
): Promise<MrtByteSource> {
  const it = raw[Symbol.asyncIterator]();
  const first = await it.next();
  const kind = forced ?? (first.done ? "none" : detectCompression(first.value));
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (first.done) return;
    yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  const source = Readable.from(replay(), { objectMode: false });
  return { compression: kind, chunks: decompress(source, kind), close: () => source.destroy() };
}

/**
 * Reads the MRT records of a file, decompressing gzip (node:zlib) or bzip2 (unbzip2-stream)
 * detected by magic bytes. Records are views into the decompressed chunks: each is valid as long
 * as you keep it (chunks are never reused).
 */
export async function* readMrtFile(
  path: string,
  options: ReadMrtFileOptions = {},
): AsyncGenerator<MrtRecord> {
  for await (const batch of readMrtFileBatches(path, options)) yield* batch;
}

/**
 * Like {@link readMrtFile}, but yields the records of each decompressed chunk as one array: one
 * `await` per chunk instead of per record, for consumers that handle millions of records.
 */
export async function* readMrtFileBatches(
  path: string,
  options: ReadMrtFileOptions = {},
): AsyncGenerator<MrtRecord[]> {
  const raw = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 });
  try {
    yield* readMrtStreamBatches(raw, options, path);
  } finally {
    raw.destroy();
  }
}

/**
 * Reads the MRT records of a byte stream (e.g. `process.stdin` or a socket), plain, gzip or
 * bzip2, detected from its first bytes. Same options and error handling as {@link readMrtFile}.
 *
 * @param name how errors name the source (default `"stream"`)
 */
export async function* readMrtStream(
  input: AsyncIterable<Uint8Array>,
  options: ReadMrtFileOptions = {},
  name = "stream",
): AsyncGenerator<MrtRecord> {
  for await (const batch of readMrtStreamBatches(input, options, name)) yield* batch;
}

/** Like {@link readMrtStream}, one array of records per decompressed chunk. */
export async function* readMrtStreamBatches(
  input: AsyncIterable<Uint8Array>,
  options: ReadMrtFileOptions = {},
  name = "stream",
): AsyncGenerator<MrtRecord[]> {
  const skip = options.onError === "skip";
  const opened = await openMrtBytes(input, options.compression);
  const kind = opened.compression;
  const decoder = new MrtStreamDecoder({
    onError: skip ? "skip" : "throw",
    ...(options.onSkip ? { onSkip: options.onSkip } : {}),
    ...(options.maxRecordLength !== undefined ? { maxRecordLength: options.maxRecordLength } : {}),
  });
  try {
    for await (const chunk of opened.chunks) {
      const records = decoder.push(chunk);
      if (records.length > 0) yield records;
    }
  } catch (e) {
    if (isMrtError(e) || !skip) {
      if (isMrtError(e)) throw e;
      throw new MrtError(`${name}: ${kind} stream failed: ${(e as Error).message}`, {
        code: MrtErrorCode.TRUNCATED_RECORD,
        recordOffset: -1,
        cause: e,
      });
    }
    // A cut or corrupt compressed file: keep what was decoded, report, and stop.
    options.onSkip?.(e as Error);
  } finally {
    opened.close();
  }
  decoder.end();
}
