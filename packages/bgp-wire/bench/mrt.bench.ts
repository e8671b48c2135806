/**
 * MRT decoding and the `tsbgp-mrt` CLI against bgpdump, on two real inputs (decompressed once,
 * before timing):
 * - `updates.et-header.2015.gz`: 89,686 BGP4MP_ET records, one iBGP full table (577,737 prefixes);
 * - the RouteViews RIB `rib.20140523.0600.first-complete-records.mrt.gz`: 9,070 TABLE_DUMP_V2
 *   records, 269,914 routes.
 * Measured in the same run, median of `--runs` (default 5):
 * - `framing`: MrtReader alone (records as views, BGP content untouched);
 * - `full`: MrtReader + every BGP message / RIB entry decoded with the codec, every attribute and
 *   prefix materialized (`decodeBgp4mpMessage`, `decodeRibEntryAttributes`);
 * - `bgpdumpFormat`: MrtReader + the bgpdump-compatible formatter into memory (the CLI's work
 *   without I/O and decompression);
 * - `process`: whole-process wall time of `tsbgp-mrt FILE > /dev/null` (built bin) against
 *   `bgpdump -m FILE > /dev/null`, median of `--runs` alternating runs, and their ratio.
 * Run: `node --import tsx packages/bgp-wire/bench/mrt.bench.ts [--json] [--runs N]`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { BgpdumpFormatter } from "../src/cli/bgpdump-format.js";
import { AsciiOutput } from "../src/cli/output.js";
import { decodeBgp4mpMessage, decodeRibEntryAttributes } from "../src/mrt/bgp-content.js";
import { MrtReader } from "../src/mrt/reader.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;

const fixtures = new URL("../../../../shared/fixtures/mrt/", import.meta.url);
const inputs = {
  "updates.et-header.2015": new URL("bgpdump/test_data/updates.et-header.2015.gz", fixtures),
  "routeviews-rib.2014": new URL("routeviews/rib.20140523.0600.first-complete-records.mrt.gz", fixtures),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => number): { ms: number; count: number } {
  const ms: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    count = f();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), count };
}

let sink = 0;

/** Records and prefixes of a full decode. */
function fullDecode(bytes: Uint8Array): { records: number; prefixes: number } {
  let records = 0;
  let prefixes = 0;
  for (const r of new MrtReader(bytes)) {
    records++;
    if (r.type === "BGP4MP_MESSAGE") {
      const m = decodeBgp4mpMessage(r);
      if (m.type !== "UPDATE") continue;
      const a = m.attributes;
      if (a.asPath) sink += a.asPath.length;
      if (a.communities) sink += a.communities.length;
      prefixes += m.nlri.length + m.withdrawn.length;
      prefixes += (a.mpReach?.nlri.length ?? 0) + (a.mpUnreach?.withdrawn.length ?? 0);
    } else if (r.type === "RIB") {
      for (const e of r.entries) {
        const { attributes: a } = decodeRibEntryAttributes(r, e);
        if (a.asPath) sink += a.asPath.length;
        prefixes++;
      }
    }
  }
  return { records, prefixes };
}

const cliBuilt = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const cliSrc = fileURLToPath(new URL("../src/cli/bin.ts", import.meta.url));

function wall(cmd: string, argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ["ignore", "ignore", "ignore"] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} exited ${r.status}`);
  return ms;
}

const results: Record<string, unknown> = {};
for (const [name, url] of Object.entries(inputs)) {
  const bytes = new Uint8Array(gunzipSync(readFileSync(url)));
  const mb = bytes.length / 1e6;
  const full0 = fullDecode(bytes); // warm-up, and the counts
  const framing = time(() => {
    let n = 0;
    for (const _ of new MrtReader(bytes)) n++;
    return n;
  });
  const full = time(() => fullDecode(bytes).records);
  const fmt = time(() => {
    const out = new AsciiOutput(-1, 64 << 20);
    const f = new BgpdumpFormatter();
    let n = 0;
    for (const r of new MrtReader(bytes)) {
      f.format(r, out);
      n++;
    }
    sink += out.view().length;
    return n;
  });
  const rate = (t: { ms: number }, n: number) => Math.round(n / (t.ms / 1000));
  const entry: Record<string, unknown> = {
    mb: Number(mb.toFixed(2)),
    records: full0.records,
    prefixes: full0.prefixes,
    framing: {
      ms: Number(framing.ms.toFixed(1)),
      recordsPerSec: rate(framing, framing.count),
      mbPerSec: Math.round(mb / (framing.ms / 1000)),
    },
    full: {
      ms: Number(full.ms.toFixed(1)),
      recordsPerSec: rate(full, full0.records),
      prefixesPerSec: rate(full, full0.prefixes),
      mbPerSec: Math.round(mb / (full.ms / 1000)),
    },
    bgpdumpFormat: {
      ms: Number(fmt.ms.toFixed(1)),
      recordsPerSec: rate(fmt, fmt.count),
      mbPerSec: Math.round(mb / (fmt.ms / 1000)),
    },
  };

  // Whole process, CLI against bgpdump, alternating runs.
  const file = fileURLToPath(url);
  const hasBgpdump = spawnSync("bgpdump", ["-T"], { stdio: "ignore" }).error === undefined;
  const useBuilt = existsSync(cliBuilt);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < Math.max(3, runs); i++) {
    ours.push(
      useBuilt
        ? wall(process.execPath, ["--max-semi-space-size=64", cliBuilt, file])
        : wall(process.execPath, ["--import", "tsx", cliSrc, file]),
    );
    if (hasBgpdump) theirs.push(wall("bgpdump", ["-m", file]));
  }
  entry.process = {
    cli: useBuilt ? "dist/cli.js" : "src/cli/bin.ts via tsx (run `npm run build` for the real figure)",
    cliMs: Math.round(median(ours)),
    bgpdumpMs: hasBgpdump ? Math.round(median(theirs)) : null,
    speedupVsBgpdump: hasBgpdump ? Number((median(theirs) / median(ours)).toFixed(2)) : null,
  };
  results[name] = entry;
  if (!json) console.log(name, JSON.stringify(entry, null, 2));
}
if (sink === -1) console.log("");
if (json) console.log(JSON.stringify(results));
