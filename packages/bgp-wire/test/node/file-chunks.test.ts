import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readFileChunks } from "../../src/node/file-chunks.js";
import { local, shared } from "../mrt/fixture-paths.js";

const dir = mkdtempSync(join(tmpdir(), "tsbgp-chunks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

describe("readFileChunks", () => {
  it("yields a plain file's bytes", async () => {
    const path = local("quagga_rib");
    expect((await drain(readFileChunks(path))).equals(readFileSync(path))).toBe(true);
  });

  it("inflates gzip, also a file of several 1 MiB reads and concatenated members", async () => {
    const path = shared("routeviews/rib.20140523.0600.first-complete-records.mrt.gz");
    expect((await drain(readFileChunks(path))).equals(gunzipSync(readFileSync(path)))).toBe(true);
    const a = readFileSync(local("quagga_rib"));
    const b = readFileSync(local("bird_bgp"));
    const twoMembers = join(dir, "two.gz");
    writeFileSync(twoMembers, Buffer.concat([gzipSync(a), gzipSync(b)]));
    expect((await drain(readFileChunks(twoMembers))).equals(Buffer.concat([a, b]))).toBe(true);
  });

  it("decompresses bzip2", async () => {
    const bytes = await drain(readFileChunks(local("bird_bgp.bz2")));
    expect(bytes.equals(readFileSync(local("bird_bgp")))).toBe(true);
  });

  it("yields nothing for an empty file", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    expect((await drain(readFileChunks(empty))).length).toBe(0);
  });

  it("throws a missing file from the call, and a cut gzip stream after its good chunks", async () => {
    expect(() => readFileChunks(join(dir, "missing.mrt"))).toThrow(/ENOENT/);
    const whole = readFileSync(shared("bgpdump/test_data/updates.et-header.2015.gz"));
    const cut = join(dir, "cut.gz");
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const seen: Uint8Array[] = [];
    await expect(
      (async () => {
        for await (const c of readFileChunks(cut)) seen.push(c);
      })(),
    ).rejects.toThrow(/end of file/);
    const got = Buffer.concat(seen);
    expect(got.length).toBeGreaterThan(1 << 20);
    expect(got.equals(gunzipSync(whole).subarray(0, got.length))).toBe(true);
  });
});
