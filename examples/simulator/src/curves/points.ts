/**
 * The measured points of the curves: each is one `simulate --json` run in a child process of its
 * own, so every heap figure starts from an empty process and a point that runs out of memory or
 * time is recorded as such instead of taking the others down.
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario, SimResult } from "../sim/result.js";
import type { SimMode } from "../sim/topology.js";

/** One series: a mode (and reflector count) over a list of sizes. */
export interface Series {
  /** Label in tables and charts. */
  readonly label: string;
  readonly mode: SimMode;
  readonly reflectors?: number;
  readonly sizes: readonly number[];
  /** Default `join` (cold start, a node leaves, it joins again). */
  readonly scenario?: Scenario;
}

/** The figures of one point, or why there are none. */
export interface Point {
  readonly series: string;
  readonly nodes: number;
  readonly result?: SimResult;
  /** Why the point has no result (time limit, out of memory, crash). */
  readonly error?: string;
}

/** The series the issue asks for: mesh up to 400, two and four reflectors up to 1,000. */
export const DEFAULT_SERIES: readonly Series[] = [
  { label: "mesh", mode: "mesh", sizes: [10, 25, 50, 100, 200, 400] },
  { label: "rr-2", mode: "rr", reflectors: 2, sizes: [10, 25, 50, 100, 200, 400, 700, 1000] },
  { label: "rr-4", mode: "rr", reflectors: 4, sizes: [10, 25, 50, 100, 200, 400, 700, 1000] },
];

/** The failure scenarios shown beside the curves: a reflector dying, a node flapping. */
export const SCENARIO_SERIES: readonly Series[] = [
  { label: "rr-2", mode: "rr", reflectors: 2, scenario: "reflector-dies", sizes: [50] },
  { label: "rr-1", mode: "rr", reflectors: 1, scenario: "reflector-dies", sizes: [50] },
  { label: "mesh", mode: "mesh", scenario: "flap", sizes: [50] },
  { label: "rr-2", mode: "rr", reflectors: 2, scenario: "flap", sizes: [50] },
];

/** Limits of each child run. */
export interface PointLimits {
  /** Wall-clock seconds before the child is killed. */
  readonly timeoutS: number;
  /** V8 old-space limit of the child, MB. */
  readonly heapLimitMb: number;
}

const here = dirname(fileURLToPath(import.meta.url));
/** examples/simulator/src/curves → repository root (tsx finds the workspace path mapping there). */
export const REPO_ROOT = resolve(here, "../../../..");
const MAIN = resolve(here, "../main.ts");

/** The command line of one point (also printed in the docs, so each figure can be redone). */
export function pointArgs(series: Series, nodes: number): string[] {
  return [
    "--nodes",
    String(nodes),
    "--mode",
    series.mode,
    ...(series.reflectors === undefined ? [] : ["--reflectors", String(series.reflectors)]),
    "--scenario",
    series.scenario ?? "join",
    "--json",
  ];
}

/** Runs one point in a child process. */
export function runPoint(series: Series, nodes: number, limits: PointLimits): Promise<Point> {
  const args = [
    `--max-old-space-size=${limits.heapLimitMb}`,
    "--expose-gc",
    "--import",
    "tsx",
    MAIN,
    ...pointArgs(series, nodes),
  ];
  return new Promise((resolvePoint) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, limits.timeoutS * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const base = { series: series.label, nodes };
      const line = out.trim().split("\n").at(-1) ?? "";
      if (!timedOut && line.startsWith("{")) {
        resolvePoint({ ...base, result: JSON.parse(line) as SimResult });
        return;
      }
      const why = timedOut
        ? `stopped after the ${limits.timeoutS} s wall-clock limit`
        : /heap out of memory|Allocation failed/i.test(err)
          ? `out of memory at a ${limits.heapLimitMb} MB heap limit`
          : `exit ${code ?? signal}: ${err.trim().split("\n").at(-1) ?? ""}`;
      resolvePoint({ ...base, error: why });
    });
  });
}
