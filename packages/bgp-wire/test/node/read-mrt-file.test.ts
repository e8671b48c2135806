import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { MrtReader, type MrtRecord, isMrtError } from "@tsbgp/bgp-wire";
import { detectCompression, readMrtFile } from "@tsbgp/bgp-wire/node";
import { local, readMaybeGzip, shared } from "../mrt/fixture-paths.js";

const dir = mkdtempSync(join(tmpdir(), "tsbgp-mrt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(path: string, opts: Parameters<typeof readMrtFile>[1] = {}): Promise<MrtRecord[]> {
  const out: MrtRecord[] = [];
  for await (const r of readMrtFile(path, opts)) out.push(r);
  return out;
}

/** Compares records by their header and type (views may sit in differently sized buffers). */
function shape(recs: readonly MrtRecord[]): string[] {
  return recs.map((r) => `${r.type}@${r.header.offset}+${r.header.length}`);
}

function bzip2(bytes: Uint8Array, level = "-9"): Buffer {
  try {
    return execFileSync("bzip2", [level, "-c"], { input: bytes, maxBuffer: 1 << 28 });
  } catch (e) {
    throw new Error(`the bzip2 command is needed (apt-get install bzip2): ${(e as Error).message}`);
  }
}

describe("readMrtFile", () => {
  const plain = readMaybeGzip(local("updates.20020722.2238.gz"));
  const expected = [...new MrtReader(plain)];

  it("detects compression by magic bytes", () => {
    expect(detectCompression(Uint8Array.of(0x1f, 0x8b, 8, 0))).toBe("gzip");
    expect(detectCompression(new TextEncoder().encode("BZh9"))).toBe("bzip2");
    expect(detectCompression(new TextEncoder().encode("BZh0"))).toBe("none");
    expect(detectCompression(plain.subarray(0, 4))).toBe("none");
  });

  it("reads plain, gzip and bzip2 files to the same records", async () => {
    const p = join(dir, "u.mrt");
    writeFileSync(p, plain);
    writeFileSync(join(dir, "u.mrt.bz2"), bzip2(plain));
    const fromPlain = await collect(p);
    expect(fromPlain).toEqual(expected);
    expect(await collect(local("updates.20020722.2238.gz"))).toEqual(expected);
    expect(await collect(join(dir, "u.mrt.bz2"))).toEqual(expected);
  });

  it("reads the committed bzip2 sample", async () => {
    const recs = await collect(local("bird_bgp.bz2"));
    expect(recs).toEqual([...new MrtReader(new Uint8Array(readFileSync(local("bird_bgp"))))]);
    expect(recs).toHaveLength(29);
  });

  it("reads concatenated gzip members", async () => {
    const half = expected[500]!.header.offset;
    const p = join(dir, "multi.gz");
    writeFileSync(p, Buffer.concat([gzipSync(plain.subarray(0, half)), gzipSync(plain.subarray(half))]));
    expect(shape(await collect(p))).toEqual(shape(expected));
  });

  it("reads a 15 MB RIB through small chunks", async () => {
    const recs = await collect(shared("routeviews/rib.20140523.0600.first-complete-records.mrt.gz"), {
      chunkSize: 64 * 1024,
    });
    expect(recs).toHaveLength(9070);
    expect(recs.reduce((n, r) => n + (r.type === "RIB" ? r.entries.length : 0), 0)).toBe(269_914);
  });

  it("a cut bzip2 file: skip mode keeps the whole records, stop mode throws", async () => {
    // 100 KB blocks over ~500 KB of MRT, so the cut file still has whole blocks (bzip2 decodes
    // block by block).
    const big = readMaybeGzip(shared("bgpdump/test_data/updates.20070211.0141.gz"));
    const bigRecs = [...new MrtReader(big)];
    const end = bigRecs.find((r) => r.header.offset > 500_000)!.header.offset;
    const src = big.subarray(0, end);
    const srcRecs = bigRecs.filter((r) => r.header.offset < end);
    const bz = bzip2(src, "-1");
    const p = join(dir, "cut.bz2");
    writeFileSync(p, bz.subarray(0, Math.floor(bz.length * 0.6)));
    const skipped: Error[] = [];
    const recs = await collect(p, { onError: "skip", onSkip: (e) => skipped.push(e) });
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.length).toBeLessThan(srcRecs.length);
    expect(shape(recs)).toEqual(shape(srcRecs.slice(0, recs.length)));
    expect(skipped.length).toBeGreaterThan(0);
    await expect(collect(p)).rejects.toThrow();
  });

  it("a cut gzip file: skip mode keeps the whole records, stop mode throws", async () => {
    const gz = gzipSync(plain);
    const p = join(dir, "cut.gz");
    writeFileSync(p, gz.subarray(0, Math.floor(gz.length / 2)));
    const skipped: Error[] = [];
    const recs = await collect(p, { onError: "skip", onSkip: (e) => skipped.push(e) });
    expect(recs.length).toBeGreaterThan(0);
    expect(shape(recs)).toEqual(shape(expected.slice(0, recs.length)));
    expect(skipped.length).toBeGreaterThan(0);
    await expect(collect(p)).rejects.toThrow();
  });

  it("a plain file cut inside a record: MrtError naming the offset, or skipped", async () => {
    const cut = expected[100]!.header.offset + 7;
    const p = join(dir, "cut.mrt");
    writeFileSync(p, plain.subarray(0, cut));
    let err: unknown;
    try {
      await collect(p);
    } catch (e) {
      err = e;
    }
    expect(isMrtError(err)).toBe(true);
    expect((err as Error).message).toContain(`offset ${expected[100]!.header.offset}`);
    const skipped: Error[] = [];
    expect(await collect(p, { onError: "skip", onSkip: (e) => skipped.push(e) })).toEqual(
      expected.slice(0, 100),
    );
    expect(skipped).toHaveLength(1);
  });
});
