import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openMrtBytes } from "@tsbgp/bgp-wire/node";
import { local } from "../mrt/fixture-paths.js";

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

async function* chunksOf(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

describe("openMrtBytes", () => {
  it("detects gzip and yields the decompressed bytes", async () => {
    const path = local("updates.20020722.2238.gz");
    const src = await openMrtBytes(createReadStream(path, { highWaterMark: 1000 }));
    expect(src.compression).toBe("gzip");
    const bytes = await drain(src.chunks);
    src.close();
    expect(bytes.equals(gunzipSync(readFileSync(path)))).toBe(true);
  });

  it("passes plain input through and honours a forced compression", async () => {
    const plain = Uint8Array.of(1, 2, 3, 4, 5);
    const src = await openMrtBytes(chunksOf(plain.subarray(0, 2), plain.subarray(2)));
    expect(src.compression).toBe("none");
    expect([...(await drain(src.chunks))]).toEqual([1, 2, 3, 4, 5]);
    const forced = await openMrtBytes(chunksOf(plain), "none");
    expect(forced.compression).toBe("none");
  });

  it("throws the open error itself (a missing file), not during iteration", async () => {
    const missing = createReadStream(join(tmpdir(), "tsbgp-no-such-file.mrt"));
    await expect(openMrtBytes(missing)).rejects.toThrow(/ENOENT/);
  });
});
