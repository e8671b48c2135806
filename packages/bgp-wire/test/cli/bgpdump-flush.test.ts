import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BgpdumpDumper } from "../../src/cli/bgpdump-dump.js";
import { AsciiOutput } from "../../src/cli/output.js";
import { readMaybeGzip, shared } from "../mrt/fixture-paths.js";
import { firstDifference, runBgpdump } from "./bgpdump-run.js";

const dir = mkdtempSync(join(tmpdir(), "tsbgp-flush-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An output that overwrites its output zone after each flush, as later lines would: reading
 * stale bytes shows. (The kept zone past `keptStart` must survive flushes.)
 */
class PoisonedOutput extends AsciiOutput {
  override flush(): void {
    super.flush();
    this.buffer.fill(35, 0, this.keptStart);
  }
}

/**
 * Our lines written through a file descriptor with a tiny output buffer, so that flushes land
 * inside lines, between the lines of one UPDATE family and between a RIB tail and the moment
 * the tail cache keeps it: every path that copies from earlier output must notice the flush.
 */
function linesThroughFile(path: string, bufferSize: number, chunk: number): Buffer {
  const file = join(dir, `out-${bufferSize}-${chunk}`);
  const fd = openSync(file, "w");
  try {
    const out = new PoisonedOutput(fd, bufferSize);
    const d = new BgpdumpDumper(out, { onSkip: () => {} });
    const bytes = readMaybeGzip(path);
    for (let at = 0; at < bytes.length; at += chunk) d.push(bytes.subarray(at, at + chunk));
    d.end();
    out.flush();
  } finally {
    closeSync(fd);
  }
  return readFileSync(file);
}

describe("bgpdump -m equality with an output flushed every few hundred bytes", () => {
  const cases: [string, number, number][] = [
    ["bgpdump/test_data/updates.20020722.2238.gz", 300, 4096],
    ["bgpdump/test_data/updates.20160811.1600.gz", 1000, 65536],
    ["bgpdump/test_data/bview.20020722.2337.gz", 257, 10_000],
    ["bgpdump/test_data/bview.ipv4_unicast_add_path.gz", 333, 8192],
    ["bgpdump/test_data/bview.ipv6_unicast_add_path.gz", 700, 8192],
  ];
  for (const [rel, size, chunk] of cases) {
    it(`${rel} (buffer ${size} bytes)`, () => {
      const path = shared(rel);
      const expected = runBgpdump(path);
      const ours = linesThroughFile(path, size, chunk);
      expect(expected.length).toBeGreaterThan(0);
      const same = ours.equals(expected);
      expect(same, same ? "" : firstDifference(ours, expected)).toBe(true);
    });
  }
});
