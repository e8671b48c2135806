/**
 * The decompressed bytes of an MRT file, read with as little machinery as possible: plain files
 * by `fs.readSync` straight into the consumer, gzip files through one `zlib` Gunzip fed from
 * `fs.readSync` (no read stream, no pipe). Gunzip inflates on the libuv thread pool while the
 * consumer handles the chunks already out, so inflating and formatting use two cores. bzip2 goes
 * through the stream path of {@link openMrtBytes}.
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import type { TransformOptions } from "node:stream";
import { type ZlibOptions, createGunzip } from "node:zlib";
import { detectCompression } from "./compression.js";
import { openMrtBytes } from "./read-mrt-file.js";

/** Compressed bytes read per system call. */
const READ_SIZE = 1 << 20;

/**
 * Yields the decompressed chunks of the file at `path` (plain, gzip or bzip2, detected from its
 * first bytes). Each chunk is a fresh buffer. Errors opening the file are thrown by this call;
 * a cut or corrupt compressed stream throws from the iteration, after the chunks decoded before
 * the damage. Finish the iteration (or call `return()`) to close the file.
 */
export function readFileChunks(path: string): AsyncGenerator<Uint8Array> {
  return chunksOf(openSync(path, "r"), path);
}

async function* chunksOf(fd: number, path: string): AsyncGenerator<Uint8Array> {
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  try {
    const first = readPiece(fd);
    if (first === undefined) return;
    const kind = detectCompression(first);
    if (kind === "none") {
      yield first;
      for (let c = readPiece(fd); c !== undefined; c = readPiece(fd)) yield c;
      return;
    }
    if (kind === "bzip2") {
      close();
      const source = await openMrtBytes(createReadStream(path, { highWaterMark: READ_SIZE }));
      try {
        yield* source.chunks;
      } finally {
        source.close();
      }
      return;
    }
    // 256 KiB out per inflate step; up to 4 MiB inflated ahead of the consumer. (Zlib streams
    // pass Transform options through; @types/node's ZlibOptions omits them.)
    const opts: ZlibOptions & TransformOptions = { chunkSize: 256 * 1024, readableHighWaterMark: 4 << 20 };
    const gz = createGunzip(opts);
    // Feeds the whole file, one piece per 'drain', so at most a piece or two wait in memory.
    const feed = (): void => {
      try {
        for (;;) {
          const piece = readPiece(fd);
          if (piece === undefined) {
            close();
            gz.end();
            return;
          }
          if (!gz.write(piece)) {
            gz.once("drain", feed);
            return;
          }
        }
      } catch (e) {
        gz.destroy(e as Error);
      }
    };
    if (gz.write(first)) feed();
    else gz.once("drain", feed);
    try {
      for await (const c of gz) yield c as Uint8Array;
    } finally {
      gz.destroy();
    }
  } finally {
    close();
  }
}

/** The next piece of the file, or undefined at its end. */
function readPiece(fd: number): Uint8Array | undefined {
  const b = Buffer.allocUnsafe(READ_SIZE);
  const n = readSync(fd, b, 0, READ_SIZE, null);
  return n === 0 ? undefined : b.subarray(0, n);
}
