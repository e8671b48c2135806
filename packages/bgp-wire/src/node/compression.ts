/** Compression detection by magic bytes, and the matching decompressing stream. */
import type { Readable, Stream, TransformOptions } from "node:stream";
import { type ZlibOptions, createGunzip } from "node:zlib";

/** Compression formats `readMrtFile` understands. */
export type MrtCompression = "none" | "gzip" | "bzip2";

/**
 * Detects the compression of a file from its first bytes: gzip `1f 8b` (RFC 1952 §2.3.1),
 * bzip2 `BZh` + block size digit. Anything else is read as plain MRT.
 */
export function detectCompression(head: Uint8Array): MrtCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) {
    const d = head[3]!;
    if (d >= 0x31 && d <= 0x39) return "bzip2";
  }
  return "none";
}

/**
 * Iterates the chunks of a classic (pre-streams3) stream such as unbzip2-stream's, pausing it
 * while more than a few chunks wait to be consumed. (`Readable.wrap` reports a premature close
 * for these streams, which emit `close` right after `end`.)
 */
async function* classicChunks(
  stream: Stream & { pause(): void; resume(): void },
): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let ended = false;
  let failure: unknown;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on("data", (c: Uint8Array) => {
    queue.push(c);
    if (queue.length > 16 && !paused) {
      paused = true;
      stream.pause();
    }
    notify();
  });
  stream.on("end", () => {
    ended = true;
    notify();
  });
  stream.on("error", (e: unknown) => {
    failure = e;
    notify();
  });
  for (;;) {
    const c = queue.shift();
    if (c !== undefined) {
      if (paused && queue.length < 4) {
        paused = false;
        stream.resume();
      }
      yield c;
      continue;
    }
    if (failure !== undefined) throw failure;
    if (ended) return;
    await new Promise<void>((r) => {
      wake = r;
    });
  }
}

/** Wraps a raw byte stream in the decompressor for `kind`; yields decompressed chunks. */
export function decompress(raw: Readable, kind: MrtCompression): AsyncIterable<Uint8Array> {
  switch (kind) {
    case "none":
      return raw as AsyncIterable<Uint8Array>;
    case "gzip": {
      // Node's Gunzip also reads the concatenated members some collectors write. It inflates on
      // the libuv thread pool; a 4 MiB read-ahead lets it keep inflating while the consumer is
      // busy with the previous chunks, so decompression overlaps decoding (two cores in use).
      // (Zlib streams pass Transform options through; @types/node's ZlibOptions omits them.)
      const opts: ZlibOptions & TransformOptions = { chunkSize: 256 * 1024, readableHighWaterMark: 4 << 20 };
      const gz = createGunzip(opts);
      raw.on("error", (e) => gz.destroy(e));
      return raw.pipe(gz) as AsyncIterable<Uint8Array>;
    }
    case "bzip2":
      return bzip2Chunks(raw);
  }
}

/**
 * bzip2 through unbzip2-stream, loaded on first use: it and its `buffer` polyfill cost ~5 ms of
 * start-up that gzip and plain files never need.
 */
async function* bzip2Chunks(raw: Readable): AsyncGenerator<Uint8Array> {
  const { default: unbzip2 } = await import("unbzip2-stream");
  // unbzip2-stream is a classic (pre-streams3) through stream: wrap it to get async iteration.
  const bz = unbzip2();
  raw.on("error", (e) => bz.emit("error", e));
  raw.pipe(bz);
  yield* classicChunks(bz);
}
