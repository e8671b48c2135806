/** Helpers for the bgpdump equality tests: run the real bgpdump, and our formatter in-process. */
import { spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { BgpdumpDumper } from "../../src/cli/bgpdump-dump.js";
import { AsciiOutput } from "../../src/cli/output.js";
import { openMrtBytes } from "@tsbgp/bgp-wire/node";

/** Runs `bgpdump -m FILE` and returns its stdout; fails loudly when bgpdump is not installed. */
export function runBgpdump(path: string): Buffer {
  const r = spawnSync("bgpdump", ["-m", path], { maxBuffer: 1 << 30 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(
      "bgpdump is not installed: `apt-get install bgpdump` (scripts/setup.sh installs it for CI)",
    );
  }
  if (r.error) throw r.error;
  return r.stdout;
}

/** What {@link ourDump} printed, and how. */
export interface OurDump {
  readonly bytes: Uint8Array;
  /** RIB records the WebAssembly formatter printed. */
  readonly wasmRecords: number;
  /** Messages of the records skipped as damaged. */
  readonly skipped: readonly string[];
}

/**
 * Our `bgpdump -m` rendering of a file, in memory, through the CLI's path: decompressed bytes
 * into {@link BgpdumpDumper} (raw-bytes fast paths, WebAssembly RIB formatter unless `wasm` is
 * false, library decoder for the rest).
 */
export async function ourDump(path: string, wasm = true): Promise<OurDump> {
  const out = new AsciiOutput(-1, 1 << 20);
  const source = await openMrtBytes(createReadStream(path));
  const skipped: string[] = [];
  const dumper = new BgpdumpDumper(out, { onSkip: (e) => skipped.push(e.message), wasm });
  try {
    for await (const chunk of source.chunks) dumper.push(chunk);
  } finally {
    source.close();
  }
  const wasmRecords = dumper.wasmRecords;
  dumper.end();
  return { bytes: out.view().slice(), wasmRecords, skipped };
}

/** {@link ourDump}'s bytes. */
export async function ourLines(path: string, wasm = true): Promise<Uint8Array> {
  return (await ourDump(path, wasm)).bytes;
}

/** Number of TABLE_DUMP_V2 unicast RIB records (subtypes 2, 4, 8, 10) in decompressed MRT bytes. */
export function countRibRecords(b: Uint8Array): number {
  let n = 0;
  for (let p = 0; p + 12 <= b.length; ) {
    const type = (b[p + 4]! << 8) | b[p + 5]!;
    const sub = (b[p + 6]! << 8) | b[p + 7]!;
    if (type === 13 && (sub === 2 || sub === 4 || sub === 8 || sub === 10)) n++;
    p += 12 + (((b[p + 8]! << 24) | (b[p + 9]! << 16) | (b[p + 10]! << 8) | b[p + 11]!) >>> 0);
  }
  return n;
}

/** The first line where two outputs differ, for a readable failure message. */
export function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const la = Buffer.from(a).toString("latin1").split("\n");
  const lb = Buffer.from(b).toString("latin1").split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  ours:    ${la[i]}\n  bgpdump: ${lb[i]}`;
  }
  return "identical";
}
