/**
 * `simulate:curves`: runs the mesh for N = 10 … 400 and two and four reflectors for N = 10 …
 * 1,000, one child process per point, and writes docs/mesh-vs-rr.md, docs/charts/*.svg and the
 * raw figures (docs/charts/mesh-vs-rr.json), then the failure scenarios (a reflector dies, a node
 * flaps) at N = 50. `--from <json>` redraws from saved figures without running anything (add
 * `--add-scenarios` to measure just the failure scenarios into that file); `--series rr-4` runs only
 * the named series; `--max-nodes N` stops every series at N; `--out <dir>` writes elsewhere.
 * A point that exceeds `--timeout-s` or `--heap-mb` is recorded as such, and larger N of that
 * series are not tried.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { buildCharts } from "./curves/charts.js";
import {
  DEFAULT_SERIES,
  type Point,
  REPO_ROOT,
  runPoint,
  SCENARIO_SERIES,
  type Series,
} from "./curves/points.js";
import { markdown, type RunInfo } from "./curves/report.js";

interface CurveArgs {
  readonly from?: string;
  readonly out: string;
  readonly maxNodes: number;
  readonly timeoutS: number;
  readonly heapMb: number;
  /** With `--from`: run the failure scenarios and add them to the saved figures. */
  readonly addScenarios: boolean;
  /** Only these series (labels, e.g. `rr-4`), and no failure scenarios. */
  readonly only?: readonly string[];
  /** With `--from`: a note about the run, kept in the saved figures and shown on the page. */
  readonly note?: string;
}

function parse(argv: readonly string[]): CurveArgs {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const from = get("--from");
  return {
    ...(from === undefined ? {} : { from }),
    out: get("--out") ?? join(REPO_ROOT, "docs"),
    maxNodes: Number(get("--max-nodes") ?? 1000),
    timeoutS: Number(get("--timeout-s") ?? 1200),
    heapMb: Number(get("--heap-mb") ?? 8192),
    addScenarios: argv.includes("--add-scenarios"),
    ...(get("--series") === undefined ? {} : { only: get("--series")!.split(",") }),
    ...(get("--note") === undefined ? {} : { note: get("--note")! }),
  };
}

interface Saved {
  readonly info: RunInfo;
  readonly series: readonly Series[];
  readonly points: readonly Point[];
  /** Failure scenarios (reflector dies, node flaps). */
  readonly scenarios?: readonly Point[];
}

async function measure(
  args: CurveArgs,
  series: readonly Series[],
  onPoint: (points: readonly Point[]) => void,
): Promise<Point[]> {
  const points: Point[] = [];
  for (const s of series) {
    for (const n of s.sizes) {
      const t0 = Date.now();
      const p = await runPoint(s, n, { timeoutS: args.timeoutS, heapLimitMb: args.heapMb });
      points.push(p);
      onPoint(points);
      process.stderr.write(
        `${s.label} N=${n}: ${p.result ? `${p.result.sessions} sessions, ${p.result.messages} messages` : p.error} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
      if (p.error) break; // a larger N of this series would fail the same way, only later
    }
  }
  return points;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  let saved: Saved;
  if (args.from) {
    saved = JSON.parse(readFileSync(args.from, "utf8")) as Saved;
  } else {
    const series = DEFAULT_SERIES.filter((s) => args.only?.includes(s.label) ?? true).map((s) => ({
      ...s,
      sizes: s.sizes.filter((n) => n <= args.maxNodes),
    }));
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const info: RunInfo = {
      date: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
      machine: `${cpus().length} × ${cpu.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM`,
      node: process.version,
      command: `npm run simulate:curves${args.maxNodes < 1000 ? ` -- --max-nodes ${args.maxNodes}` : ""}`,
    };
    // Written after every point, so an interrupted run still leaves the page for what it measured.
    const points = await measure(args, series, (sofar) => write(args, { info, series, points: sofar }, true));
    const scenarioSeries = args.only ? [] : SCENARIO_SERIES;
    const scenarios = await measure(args, scenarioSeries, (sofar) =>
      write(args, { info, series, points, scenarios: sofar }, true),
    );
    saved = { info, series, points, scenarios };
  }
  if (args.from && args.note !== undefined) {
    saved = { ...saved, info: { ...saved.info, note: args.note } };
    writeFileSync(args.from, `${JSON.stringify(saved, null, 1)}\n`);
  }
  if (args.from && args.addScenarios) {
    // Measure only the failure scenarios, keeping the saved curves.
    const scenarios = await measure(args, SCENARIO_SERIES, () => {});
    saved = { ...saved, scenarios };
    writeFileSync(args.from, `${JSON.stringify(saved, null, 1)}\n`);
  }
  write(args, saved, !args.from);
  process.stderr.write(`wrote ${join(args.out, "mesh-vs-rr.md")} and ${join(args.out, "charts")}/*.svg\n`);
}

function write(args: CurveArgs, saved: Saved, withData: boolean): void {
  const charts = join(args.out, "charts");
  mkdirSync(charts, { recursive: true });
  if (withData) writeFileSync(join(charts, "mesh-vs-rr.json"), `${JSON.stringify(saved, null, 1)}\n`);
  for (const [name, svg] of Object.entries(buildCharts(saved.points))) writeFileSync(join(charts, name), svg);
  writeFileSync(
    join(args.out, "mesh-vs-rr.md"),
    markdown(saved.points, saved.series, saved.info, saved.scenarios ?? []),
  );
}

await main();
