import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MrtReader, MrtStreamDecoder } from "@tsbgp/bgp-wire";
import { BgpdumpDumper } from "../../src/cli/bgpdump-dump.js";
import { BgpdumpFormatter } from "../../src/cli/bgpdump-format.js";
import { AsciiOutput } from "../../src/cli/output.js";
import { local, readMaybeGzip, shared } from "../mrt/fixture-paths.js";
import { syntheticMrt } from "./synthetic-mrt.js";

interface Rendered {
  readonly text: string;
  readonly errors: readonly string[];
}

/** The reference: library stream decoder (skip mode) + record formatter, whole input at once. */
function viaRecords(bytes: Uint8Array, maxRecordLength?: number): Rendered {
  const out = new AsciiOutput(-1);
  const errors: string[] = [];
  const fmt = new BgpdumpFormatter();
  const d = new MrtStreamDecoder({
    onError: "skip",
    onSkip: (e) => errors.push(e.message),
    ...(maxRecordLength !== undefined ? { maxRecordLength } : {}),
  });
  for (const r of d.push(bytes)) fmt.format(r, out);
  d.end();
  return { text: Buffer.from(out.view()).toString("latin1"), errors };
}

/** The CLI's path: raw bytes into the dumper, in chunks of the given sizes (cycled). */
function viaDumper(bytes: Uint8Array, sizes: readonly number[], maxRecordLength?: number): Rendered {
  const out = new AsciiOutput(-1);
  const errors: string[] = [];
  const d = new BgpdumpDumper(out, {
    onSkip: (e) => errors.push(e.message),
    ...(maxRecordLength !== undefined ? { maxRecordLength } : {}),
  });
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length] ?? bytes.length);
    // Fresh copies: the dumper must not depend on chunks being views of one buffer.
    d.push(bytes.slice(at, at + n));
    at += n;
  }
  d.end();
  return { text: Buffer.from(out.view()).toString("latin1"), errors };
}

const u16 = (v: number) => [(v >>> 8) & 255, v & 255];
const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
function record(type: number, subtype: number, body: number[]): number[] {
  return [...u32(1400000000), ...u16(type), ...u16(subtype), ...u32(body.length), ...body];
}

/** Records the fast paths must refuse, so that the library decoder reports them. */
function damaged(): Uint8Array {
  return Uint8Array.from([
    // RIB_IPV4_UNICAST whose only entry claims 200 attribute bytes.
    ...record(13, 2, [...u32(1), 24, 10, 0, 0, ...u16(1), ...u16(0), ...u32(0), ...u16(200), 0x40, 1, 1, 0]),
    // RIB_IPV6_UNICAST with a 129-bit prefix.
    ...record(13, 4, [...u32(2), 129, ...new Array(17).fill(0), ...u16(0)]),
    // BGP4MP MESSAGE_AS4 with address family 3.
    ...record(16, 4, [...u32(65001), ...u32(65002), ...u16(0), ...u16(3), ...new Array(40).fill(0)]),
    // BGP4MP_ET too short for its microsecond field.
    ...record(17, 4, [1, 2]),
  ]);
}

describe("BgpdumpDumper (the CLI's raw-bytes path)", () => {
  const inputs: [string, Uint8Array][] = [
    ["updates.20020722.2238", readMaybeGzip(local("updates.20020722.2238.gz"))],
    [
      "bview.ipv6_unicast_add_path",
      readMaybeGzip(shared("bgpdump/test_data/bview.ipv6_unicast_add_path.gz")),
    ],
    ["bview.64k_stream_overflow", readMaybeGzip(shared("bgpdump/test_data/bview.64k_stream_overflow.gz"))],
    ["synthetic", syntheticMrt()],
  ];

  for (const [name, bytes] of inputs) {
    it(`${name}: same lines as the record formatter however the stream is chunked`, () => {
      const want = viaRecords(bytes);
      expect(want.text.length).toBeGreaterThan(0);
      expect(viaDumper(bytes, [bytes.length])).toEqual(want);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }), (sizes) => {
          expect(viaDumper(bytes, sizes)).toEqual(want);
        }),
        { numRuns: 15 },
      );
    });
  }

  it("reports damaged records exactly as the library decoder does, and prints the rest", () => {
    const all = syntheticMrt();
    const good = all.subarray(0, [...new MrtReader(all)][6]!.header.offset); // six whole records
    const bytes = Uint8Array.from([...good, ...damaged(), ...good]);
    const want = viaRecords(bytes);
    expect(want.errors).toHaveLength(4);
    expect(want.errors.join("\n")).toContain("address family 3");
    for (const sizes of [[bytes.length], [7], [13, 100, 1]]) expect(viaDumper(bytes, sizes)).toEqual(want);
  });

  it("hands the rest of the stream to the library decoder after an over-long record", () => {
    const bytes = readMaybeGzip(local("updates.20020722.2238.gz"));
    const want = viaRecords(bytes, 120);
    expect(want.errors.length).toBeGreaterThan(0);
    expect(want.errors[0]).toMatch(/over the limit of 120/);
    expect(want.text.length).toBeGreaterThan(0);
    for (const sizes of [[bytes.length], [1000], [97, 3]]) expect(viaDumper(bytes, sizes, 120)).toEqual(want);
  });

  it("reports a record cut by the end of the stream", () => {
    const whole = syntheticMrt();
    for (const cut of [5, 30, whole.length - 3]) {
      const bytes = whole.subarray(0, cut);
      const want = viaRecords(bytes);
      expect(want.errors).toHaveLength(1);
      expect(want.errors[0]).toMatch(/ends inside a record header|is cut/);
      expect(viaDumper(bytes, [bytes.length])).toEqual(want);
      expect(viaDumper(bytes, [3])).toEqual(want);
    }
  });
});
