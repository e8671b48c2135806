import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MrtReader, type MrtRecord, MrtStreamDecoder } from "@tsbgp/bgp-wire";
import { local, readMaybeGzip, shared } from "./fixture-paths.js";

function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

function viaStream(chunks: readonly Uint8Array[]): MrtRecord[] {
  const d = new MrtStreamDecoder();
  const recs: MrtRecord[] = [];
  for (const c of chunks) recs.push(...d.push(c));
  d.end();
  return recs;
}

describe("MrtStreamDecoder", () => {
  const whole = readMaybeGzip(local("updates.20020722.2238.gz"));
  // The first 200 records keep the property test quick.
  const small = whole.subarray(0, [...new MrtReader(whole)][200]!.header.offset);
  const expected = [...new MrtReader(small)];

  it("gives the same records as MrtReader however the stream is chunked", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(viaStream(chunked(small, cuts))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it("handles one-byte chunks and records spanning many chunks (a 70 KB record)", () => {
    const head = small.subarray(0, expected[30]!.header.offset);
    const bytes1 = [...head].map((b) => Uint8Array.of(b));
    expect(viaStream(bytes1)).toEqual(expected.slice(0, 30));
    const big = readMaybeGzip(shared("bgpdump/test_data/bview.64k_stream_overflow.gz"));
    const parts: Uint8Array[] = [];
    for (let i = 0; i < big.length; i += 4096) parts.push(big.subarray(i, i + 4096));
    expect(viaStream(parts)).toEqual([...new MrtReader(big)]);
  });

  it("returns views into the chunk for records inside one chunk (no copy)", () => {
    const d = new MrtStreamDecoder();
    const recs = d.push(small);
    d.end();
    const msg = recs.find((r) => r.type === "BGP4MP_MESSAGE");
    expect(msg?.type).toBe("BGP4MP_MESSAGE");
    if (msg?.type === "BGP4MP_MESSAGE") expect(msg.message.buffer).toBe(small.buffer);
  });

  it("skips over-long records without buffering them, however chunked", () => {
    const reader = new MrtReader(small, { onError: "skip", maxRecordLength: 60 });
    const want = [...reader];
    expect(reader.errors.length).toBeGreaterThan(0);
    for (const size of [7, 50, 333, 100_000]) {
      const d = new MrtStreamDecoder({ onError: "skip", maxRecordLength: 60 });
      const got: MrtRecord[] = [];
      for (let i = 0; i < small.length; i += size) got.push(...d.push(small.subarray(i, i + size)));
      d.end();
      expect(got).toEqual(want);
      expect(d.errors.map((e) => e.recordOffset)).toEqual(reader.errors.map((e) => e.recordOffset));
    }
  });

  it("reports header offsets in the whole stream", () => {
    const recs = viaStream(chunked(small, [100, 5000, 9000]));
    let pos = 0;
    for (const r of recs) {
      expect(r.header.offset).toBe(pos);
      pos += 12 + (r.header.microseconds === undefined ? 0 : 4) + r.header.length;
    }
    expect(pos).toBe(small.length);
  });
});
