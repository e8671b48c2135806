import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { BgpdumpDumper } from "../../src/cli/bgpdump-dump.js";
import { AsciiOutput } from "../../src/cli/output.js";
import { readMaybeGzip, shared } from "../mrt/fixture-paths.js";
import { ribFile } from "./rib-arbitrary.js";
import { syntheticMrt } from "./synthetic-mrt.js";

interface Dumped {
  readonly text: string;
  readonly errors: readonly string[];
  readonly wasmRecords: number;
}

/** The CLI's dumper over `files` one after the other (one dumper each, as the CLI runs them). */
function dump(files: readonly Uint8Array[], wasm: boolean, chunk = Number.POSITIVE_INFINITY): Dumped {
  const out = new AsciiOutput(-1);
  const errors: string[] = [];
  let wasmRecords = 0;
  for (const bytes of files) {
    const d = new BgpdumpDumper(out, { onSkip: (e) => errors.push(e.message), wasm });
    for (let at = 0; at < bytes.length; at += chunk) d.push(bytes.slice(at, at + chunk));
    wasmRecords += d.wasmRecords;
    d.end();
  }
  return { text: Buffer.from(out.view()).toString("latin1"), errors, wasmRecords };
}

const pkg = fileURLToPath(new URL("../..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "tsbgp-wasm-rib-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("WebAssembly RIB formatter", () => {
  it("the committed module is what assembly/rib-lines.ts compiles to", () => {
    const r = spawnSync(process.execPath, ["assembly/build-wasm.mjs", "--check"], {
      cwd: pkg,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("prints what the JS formatter prints for generated RIB records, and reports the same damage", () => {
    fc.assert(
      fc.property(ribFile, fc.integer({ min: 1, max: 400 }), (file, chunk) => {
        const js = dump([file.bytes], false);
        const wasm = dump([file.bytes], true, chunk);
        expect(wasm.text).toBe(js.text);
        expect(wasm.errors).toEqual(js.errors);
        // Every well-formed record went through the WebAssembly path, the rest through the JS one.
        expect(wasm.wasmRecords).toBe(file.wellFormed);
        expect(js.wasmRecords).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps record order with the JS paths in a mixed file written to a file descriptor", () => {
    const rib = readMaybeGzip(shared("bgpdump/test_data/bview.ipv4_unicast_add_path.gz"));
    const updates = syntheticMrt();
    const mixed = Uint8Array.from([...rib.subarray(0, 200_000), ...updates, ...rib.subarray(0, 200_000)]);
    // (Cut at a record boundary: the RIB records of a bview are small.)
    const want = dump([mixed], false);
    expect(want.text).toContain("TABLE_DUMP2");
    expect(want.text).toContain("BGP4MP");
    const path = join(tmp, "mixed.txt");
    const fd = openSync(path, "w");
    try {
      // A small buffer: the JS output flushes often between the WebAssembly module's lines.
      const out = new AsciiOutput(fd, 1 << 12);
      const d = new BgpdumpDumper(out, { onSkip: () => {} });
      for (let at = 0; at < mixed.length; at += 65536) d.push(mixed.slice(at, at + 65536));
      expect(d.wasmRecords).toBeGreaterThan(0);
      d.end();
      out.flush();
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, "latin1")).toBe(want.text);
  });

  it("empties its tail cache when full (its arena bound, 2 MiB for this small input) and prints the same", () => {
    const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    const rec = (sub: number, body: number[]) => [
      ...u32(1400000000),
      0,
      13,
      0,
      sub,
      ...u32(body.length),
      ...body,
    ];
    const parts: number[][] = [rec(1, [...u32(1), 0, 0, 0, 1, 0, 10, 0, 0, 1, 0, 0, 0, 0, 0xfd, 0xe8])];
    for (let i = 0; i < 160_000; i++) {
      // ORIGIN IGP, MED i: a distinct block per record (137,143 in all); every 7th repeats an old one.
      const med = i % 7 === 6 ? i - 100 : i;
      const block = [0x40, 1, 1, 0, 0x80, 4, 4, ...u32(med)];
      parts.push(
        rec(2, [
          ...u32(i),
          24,
          10,
          (i >> 8) & 255,
          i & 255,
          0,
          1,
          0,
          0,
          ...u32(0),
          0,
          block.length,
          ...block,
        ]),
      );
    }
    const bytes = Uint8Array.from(parts.flat());
    const js = dump([bytes], false);
    const wasm = dump([bytes], true, 1 << 16);
    expect(wasm.wasmRecords).toBe(160_000);
    expect(wasm.text.length).toBeGreaterThan(160_000 * 40);
    expect(wasm.text).toBe(js.text);
  });

  it("forgets the peers of a previous file (a reused instance prints nothing for unknown peers)", () => {
    const file = readMaybeGzip(shared("bgpdump/test_data/bview.ipv6_unicast_add_path.gz"));
    // The second input lacks its PEER_INDEX_TABLE: bgpdump and the JS path print no RIB line.
    const peerTableLength = 12 + new DataView(file.buffer, file.byteOffset).getUint32(8);
    const headless = file.subarray(peerTableLength);
    const js = dump([file, headless], false);
    const wasm = dump([file, headless], true);
    expect(wasm.wasmRecords).toBeGreaterThan(0);
    expect(wasm.text).toBe(js.text);
    expect(wasm.text).toBe(dump([file], true).text);
  });
});
