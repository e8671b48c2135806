import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MrtError, MrtErrorCode, MrtReader, MrtStreamDecoder, isMrtError } from "@tsbgp/bgp-wire";
import { local, readMaybeGzip } from "./fixture-paths.js";

const bytes = readMaybeGzip(local("updates.20020722.2238.gz"));
const records = [...new MrtReader(bytes)];

/** Offsets of each record's first byte. */
const starts = records.map((r) => r.header.offset);

describe("truncated input", () => {
  it("a cut inside a record: throw mode names the record offset", () => {
    const cut = starts[10]! + 20;
    const r = new MrtReader(bytes.subarray(0, cut));
    const got: unknown[] = [];
    let err: unknown;
    try {
      for (const rec of r) got.push(rec);
    } catch (e) {
      err = e;
    }
    expect(got).toHaveLength(10);
    expect(isMrtError(err)).toBe(true);
    expect((err as MrtError).code).toBe(MrtErrorCode.TRUNCATED_RECORD);
    expect((err as MrtError).recordOffset).toBe(starts[10]);
    expect((err as MrtError).message).toContain(`offset ${starts[10]}`);
  });

  it("a cut inside a header: skip mode keeps every whole record and notes the error", () => {
    const cut = starts[7]! + 5;
    const r = new MrtReader(bytes.subarray(0, cut), { onError: "skip" });
    expect([...r]).toEqual(records.slice(0, 7));
    expect(r.errors.map((e) => e.code)).toEqual([MrtErrorCode.TRUNCATED_HEADER]);
    expect(r.errors[0]!.recordOffset).toBe(starts[7]);
  });

  it("the stream decoder reports a cut last record at end()", () => {
    const d = new MrtStreamDecoder();
    const got = d.push(bytes.subarray(0, starts[3]! + 30));
    expect(got).toEqual(records.slice(0, 3));
    expect(() => d.end()).toThrow(MrtError);
    const s = new MrtStreamDecoder({ onError: "skip" });
    s.push(bytes.subarray(0, starts[3]! + 30));
    s.end();
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]!.code).toBe(MrtErrorCode.TRUNCATED_RECORD);
    expect(s.errors[0]!.recordOffset).toBe(starts[3]);
  });
});

describe("damaged records", () => {
  it("a damaged record in the middle is skipped and reading goes on", () => {
    const copy = bytes.slice();
    // Record 5 is a BGP4MP message: set its address family (after 2+2+2 bytes of ASes and ifindex) to 7.
    const at = starts[5]! + 12 + 6;
    expect(records[5]!.type).toMatch(/^BGP4MP_/);
    copy[at] = 0;
    copy[at + 1] = 7;
    expect(() => [...new MrtReader(copy)]).toThrow(/unsupported address family 7/);
    const r = new MrtReader(copy, { onError: "skip" });
    const got = [...r];
    expect(got).toEqual([...records.slice(0, 5), ...records.slice(6)].map((x) => ({ ...x })));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.code).toBe(MrtErrorCode.MALFORMED_RECORD);
    expect(r.errors[0]!.recordOffset).toBe(starts[5]);
    expect(r.errors[0]!.offset).toBe(at);
  });

  it("throw mode still delivers the records before a damaged one in the same chunk", () => {
    const copy = bytes.slice();
    const at = starts[5]! + 12 + 6;
    copy[at] = 0;
    copy[at + 1] = 7;
    const d = new MrtStreamDecoder();
    expect(d.push(copy)).toEqual(records.slice(0, 5));
    expect(() => d.end()).toThrow(/unsupported address family 7/);
  });

  it("a field longer than its record is a malformed-record error, not a RangeError", () => {
    // A PEER_INDEX_TABLE claiming 1000 peers in a 20-byte record.
    const rec = Uint8Array.from([
      0, 0, 0, 1, 0, 13, 0, 1, 0, 0, 0, 8, /* collector */ 1, 2, 3, 4, /* view name len */ 0, 0,
      /* count */ 3, 232,
    ]);
    const r = new MrtReader(rec, { onError: "skip" });
    expect([...r]).toEqual([]);
    expect(r.errors[0]!.code).toBe(MrtErrorCode.MALFORMED_RECORD);
    expect(r.errors[0]!.message).toContain("peer type");
  });

  it("a record over maxRecordLength is refused and skipped", () => {
    const r = new MrtReader(bytes, { onError: "skip", maxRecordLength: 60 });
    const got = [...r];
    expect(got.length + r.errors.length).toBe(records.length);
    expect(r.errors.every((e) => e.code === MrtErrorCode.RECORD_TOO_LONG)).toBe(true);
    expect(got.every((x) => x.header.length + 12 <= 60)).toBe(true);
  });

  it("arbitrary bytes give records or MrtError only", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        try {
          for (const _ of new MrtReader(junk)) void _;
        } catch (e) {
          expect(isMrtError(e)).toBe(true);
        }
        const s = new MrtStreamDecoder({ onError: "skip" });
        s.push(junk);
        s.end();
        expect(s.errors.every(isMrtError)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("mutated real records give records or MrtError only", () => {
    const head = bytes.subarray(0, starts[40]!);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(head.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        (muts) => {
          const b = head.slice();
          for (const [i, v] of muts) b[i] = v;
          const r = new MrtReader(b, { onError: "skip" });
          for (const _ of r) void _;
          expect(r.errors.every(isMrtError)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
