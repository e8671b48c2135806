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
 * - `bgpdumpFormat`: the CLI's formatter (`BgpdumpDumper`, raw bytes in 256 KiB chunks) into
 *   memory: the CLI's work without I/O and decompression; `coldMs` is its first pass in this
 *   process (JIT warm-up included, as in a real run), `ms` the median of the later passes;
 *   `bgpdumpFormatJs`: the same with the WebAssembly RIB formatter off (`wasm: false`: the JS
 *   formatter prints the TABLE_DUMP_V2 RIB records too, as before it existed);
 * - `process`: whole-process wall time of `tsbgp-mrt FILE > /dev/null` (the built bin that
 *   package.json names, run with the V8 flags of its shebang) against `bgpdump -m FILE >
 *   /dev/null`, median and best of `--runs` (at least 5) interleaved runs, their ratio, and CPU
 *   time (user + system of the child, from /usr/bin/time when installed): wall time on a shared
 *   machine swings with its load, CPU time much less. `--cli NAME=PATH` (repeatable) adds
 *   another build of the bin to the same interleaved runs, e.g. the previous version as a
 *   baseline: each gets its own ratios. When the environment sets NODE_EXTRA_CA_CERTS,
 *   `processNoExtraCa` is the same bin run without it in the same rounds (see `phases`);
 * - `phases`: where the CLI's time goes, whole-process medians of the same rounds: bare `node`
 *   start-up, the bin's start-up (`--help`: node + loading the CLI), and `node` start-up +
 *   reading + gunzip of the file (streamed, as the CLI reads it). When NODE_EXTRA_CA_CERTS is
 *   set, `nodeStartupNoExtraCaMs` is bare `node` without it: Node 20 reads that CA bundle at
 *   every start (~30 ms for a distribution bundle), a cost of the environment, not of the CLI.
 * Run: `node --import tsx packages/bgp-wire/bench/mrt.bench.ts [--json] [--runs N] [--cli NAME=PATH]`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { BgpdumpDumper } from "../src/cli/bgpdump-dump.js";
import { AsciiOutput } from "../src/cli/output.js";
import { decodeBgp4mpMessage, decodeRibEntryAttributes } from "../src/mrt/bgp-content.js";
import { MrtReader } from "../src/mrt/reader.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
/** Extra builds of the bin to time in the same rounds (`--cli NAME=PATH`). */
const extraClis: [string, string][] = [];
args.forEach((a, i) => {
  if (a !== "--cli") return;
  const spec = args[i + 1] ?? "";
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new Error(`--cli wants NAME=PATH, got "${spec}"`);
  extraClis.push([spec.slice(0, eq), spec.slice(eq + 1)]);
});

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

/** The built bin as package.json names it (what `npx tsbgp-mrt` runs). */
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  bin: Record<string, string>;
};
const cliBuilt = fileURLToPath(new URL(`../${pkg.bin["tsbgp-mrt"]}`, import.meta.url));
const cliSrc = fileURLToPath(new URL("../src/cli/bin.ts", import.meta.url));

const hasTime = existsSync("/usr/bin/time");

/** Wall and CPU (user + system) milliseconds of one process run. */
interface Timing {
  ms: number;
  cpuMs: number;
}

/** Wall time of one run, and its CPU time (user + system) when /usr/bin/time is there. */
function wall(cmd: string, argv: string[]): Timing {
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "%U %S", cmd, ...argv], { stdio: ["ignore", "ignore", "pipe"] })
    : spawnSync(cmd, argv, { stdio: ["ignore", "ignore", "ignore"] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} exited ${r.status}`);
  let cpuMs = Number.NaN;
  if (hasTime) {
    const last = r.stderr.toString().trim().split("\n").pop() ?? "";
    const [u, s] = last.split(" ").map(Number);
    cpuMs = ((u ?? Number.NaN) + (s ?? Number.NaN)) * 1000;
  }
  return { ms, cpuMs };
}

/** The V8 flags in a bin's shebang (`#!/usr/bin/env -S node --flag ...`), as a user runs it. */
function shebangFlags(path: string): string[] {
  const first = readFileSync(path, "utf8").split("\n", 1)[0] ?? "";
  if (!first.startsWith("#!")) return [];
  const words = first.split(/\s+/);
  const at = words.indexOf("node");
  return at >= 0 ? words.slice(at + 1).filter((w) => w !== "") : [];
}

/** Node start-up + streamed read + gunzip of a file, nothing else (the CLI's floor). */
const GUNZIP_ONLY = `const fs = require("node:fs"), zlib = require("node:zlib");
fs.createReadStream(process.argv[1], { highWaterMark: 1 << 20 })
  .pipe(zlib.createGunzip({ chunkSize: 256 * 1024 })).on("data", () => {});`;

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
  // The CLI's formatter on 256 KiB chunks; the first pass is the cold one a real run pays.
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 256 * 1024) chunks.push(bytes.slice(at, at + 256 * 1024));
  const dumpAll = (wasm = true): number => {
    const out = new AsciiOutput(-1, 1 << 20);
    const d = new BgpdumpDumper(out, { onSkip: () => {}, wasm });
    let n = 0;
    for (const c of chunks) {
      d.push(c);
      // Drop the text as a flush would, so memory use does not grow with the dump.
      if (out.length > 512 * 1024) {
        n += out.length;
        out.reset();
      }
    }
    d.end();
    sink += n + out.length;
    return n + out.length;
  };
  const cold0 = performance.now();
  const textBytes = dumpAll();
  const coldMs = performance.now() - cold0;
  const fmt = time(() => dumpAll());
  // The JS path's first pass: its RIB line code is still cold (the framing code above is not).
  const coldJs0 = performance.now();
  dumpAll(false);
  const coldJsMs = performance.now() - coldJs0;
  const fmtJs = time(() => dumpAll(false));
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
      textMb: Number((textBytes / 1e6).toFixed(1)),
      coldMs: Number(coldMs.toFixed(1)),
      ms: Number(fmt.ms.toFixed(1)),
      recordsPerSec: rate(fmt, full0.records),
      linesMbPerSec: Math.round(textBytes / 1e6 / (fmt.ms / 1000)),
    },
    bgpdumpFormatJs: {
      coldMs: Number(coldJsMs.toFixed(1)),
      ms: Number(fmtJs.ms.toFixed(1)),
      recordsPerSec: rate(fmtJs, full0.records),
      linesMbPerSec: Math.round(textBytes / 1e6 / (fmtJs.ms / 1000)),
    },
  };

  // Whole process, CLI builds against bgpdump, interleaved runs.
  const file = fileURLToPath(url);
  const hasBgpdump = spawnSync("bgpdump", ["-T"], { stdio: "ignore" }).error === undefined;
  const useBuilt = existsSync(cliBuilt);
  const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  const cliArgv = useBuilt ? [...shebangFlags(cliBuilt), cliBuilt, file] : ["--import", "tsx", cliSrc, file];
  // [name, command, arguments]: our bin, and (when the environment sets NODE_EXTRA_CA_CERTS) the
  // same bin without it, as on a machine that does not set it (Node 20 reads that bundle at
  // every start; the CLI makes no TLS connection).
  const clis: [string, string, string[]][] = [
    ["cli", process.execPath, cliArgv],
    ...(extraCa
      ? [
          ["cliNoExtraCa", "env", ["-u", "NODE_EXTRA_CA_CERTS", process.execPath, ...cliArgv]] as [
            string,
            string,
            string[],
          ],
        ]
      : []),
    ...extraClis.map(([n, path]): [string, string, string[]] => [
      n,
      process.execPath,
      [...shebangFlags(path), path, file],
    ]),
  ];
  const ours = new Map<string, Timing[]>(clis.map(([n]) => [n, []]));
  const theirs: Timing[] = [];
  const startup: Timing[] = [];
  const startupNoCa: Timing[] = [];
  const cliStartup: Timing[] = [];
  const gunzip: Timing[] = [];
  for (let i = 0; i < Math.max(5, runs); i++) {
    for (const [n, cmd, argv] of clis) ours.get(n)!.push(wall(cmd, argv));
    if (hasBgpdump) theirs.push(wall("bgpdump", ["-m", file]));
    startup.push(wall(process.execPath, ["-e", "0"]));
    if (extraCa) startupNoCa.push(wall("env", ["-u", "NODE_EXTRA_CA_CERTS", process.execPath, "-e", "0"]));
    if (useBuilt) cliStartup.push(wall(process.execPath, [...shebangFlags(cliBuilt), cliBuilt, "--help"]));
    gunzip.push(wall(process.execPath, ["-e", GUNZIP_ONLY, file]));
  }
  const med = (xs: Timing[], k: "ms" | "cpuMs") => median(xs.map((x) => x[k]));
  const best = (xs: Timing[]) => Math.min(...xs.map((x) => x.ms));
  const processes: Record<string, unknown> = {};
  for (const [n] of clis) {
    const t = ours.get(n)!;
    processes[n] = {
      cli:
        n === "cli" ? (useBuilt ? `${pkg.bin["tsbgp-mrt"]}` : "src/cli/bin.ts via tsx (run `npx tsup`)") : n,
      cliMs: Math.round(med(t, "ms")),
      cliBestMs: Math.round(best(t)),
      bgpdumpMs: hasBgpdump ? Math.round(med(theirs, "ms")) : null,
      bgpdumpBestMs: hasBgpdump ? Math.round(best(theirs)) : null,
      speedupVsBgpdump: hasBgpdump ? Number((med(theirs, "ms") / med(t, "ms")).toFixed(2)) : null,
      bestSpeedupVsBgpdump: hasBgpdump ? Number((best(theirs) / best(t)).toFixed(2)) : null,
      cliCpuMs: hasTime ? Math.round(med(t, "cpuMs")) : null,
      bgpdumpCpuMs: hasTime && hasBgpdump ? Math.round(med(theirs, "cpuMs")) : null,
      cpuRatioVsBgpdump:
        hasTime && hasBgpdump ? Number((med(theirs, "cpuMs") / med(t, "cpuMs")).toFixed(2)) : null,
    };
  }
  entry.process = processes.cli;
  if (extraCa) entry.processNoExtraCa = processes.cliNoExtraCa;
  if (extraClis.length > 0)
    entry.otherClis = Object.fromEntries(
      Object.entries(processes).filter(([n]) => n !== "cli" && n !== "cliNoExtraCa"),
    );
  entry.phases = {
    nodeStartupMs: Math.round(med(startup, "ms")),
    ...(extraCa ? { nodeStartupNoExtraCaMs: Math.round(med(startupNoCa, "ms")) } : {}),
    cliStartupMs: useBuilt ? Math.round(med(cliStartup, "ms")) : null,
    nodeStartupReadGunzipMs: Math.round(med(gunzip, "ms")),
  };
  entry.loadAverage = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  results[name] = entry;
  if (!json) console.log(name, JSON.stringify(entry, null, 2));
}
if (sink === -1) console.log("");
if (json) console.log(JSON.stringify(results));
