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

/**
 * Our `bgpdump -m` rendering of a file, in memory, through the CLI's path: decompressed bytes
 * into {@link BgpdumpDumper} (raw-bytes fast paths, library decoder for the rest).
 */
export async function ourLines(path: string): Promise<Uint8Array> {
  const out = new AsciiOutput(-1, 1 << 20);
  const source = await openMrtBytes(createReadStream(path));
  const dumper = new BgpdumpDumper(out, { onSkip: () => {} });
  try {
    for await (const chunk of source.chunks) dumper.push(chunk);
  } finally {
    source.close();
  }
  dumper.end();
  return out.view().slice();
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
