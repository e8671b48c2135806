/**
 * The Node side of the fuzzer: runs the engine in batches under a `node:vm` timeout, so a
 * decoder stuck in a loop is interrupted (V8 terminates the running script, whatever context
 * its functions come from) instead of hanging the run; the batch is then replayed case by case
 * to name the input. Every crash or hang is written to `test/regressions/` (messages) or
 * `test/regressions/mrt/` (MRT records) as `fuzz-<sha1>.bin` / `fuzz-hang-<sha1>.bin`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Script, createContext as createVmContext } from "node:vm";
import { ASN2_CONTEXT, createContext } from "../../src/context.js";
import type { CodecContext } from "../../src/context.js";
import { mrtContext } from "../../src/mrt/bgp-content.js";
import { PACKAGE_DIR, loadCorpus, type CorpusOptions } from "./corpus.js";
import {
  buildCase,
  emptyStats,
  type FuzzFinding,
  type FuzzPlan,
  type FuzzStats,
  planFuzz,
  runCases,
} from "./engine.js";

/** The contexts every message is tried under (besides the one its MRT record implies). */
export const FUZZ_CONTEXTS: readonly CodecContext[] = [
  ASN2_CONTEXT,
  createContext({ asn4: true }),
  createContext({ asn4: true, extendedMessage: true, addPathReceive: ["1/1", "2/1"], addPathSend: ["1/1"] }),
  createContext({ asn4: true, extendedNextHop: ["1/1"] }),
];

/** Options of {@link fuzz}. */
export interface FuzzOptions extends CorpusOptions {
  readonly cases: number;
  readonly seed: number;
  /** Cases per watched batch (default 256). */
  readonly batch?: number;
  /** A batch running longer than this is replayed case by case (default 10 s). */
  readonly batchTimeoutMs?: number;
  /** A single case running longer than this is a hang (default 2 s). */
  readonly caseTimeoutMs?: number;
  /** Directory for regression files (default `test/regressions`); `null` writes nothing. */
  readonly regressions?: string | null;
}

/** The result of {@link fuzz}. */
export interface FuzzReport {
  readonly seed: number;
  readonly seeds: number;
  readonly stats: FuzzStats;
  readonly crashes: readonly FuzzFinding[];
  readonly hangs: readonly FuzzFinding[];
  /** Regression files written. */
  readonly written: readonly string[];
}

const script = new Script("run()");

function isTimeout(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

/** Runs `f` with a hard time limit; returns `undefined` if it was interrupted. */
function watched<T>(f: () => T, timeoutMs: number): { value: T } | undefined {
  let value: T | undefined;
  const sandbox = createVmContext({
    run: () => {
      value = f();
    },
  });
  try {
    script.runInContext(sandbox, { timeout: timeoutMs });
  } catch (e) {
    if (isTimeout(e)) return undefined;
    throw e;
  }
  return { value: value as T };
}

function save(dir: string, f: FuzzFinding, hang: boolean): string {
  const sub = f.kind === "mrt" ? join(dir, "mrt") : dir;
  mkdirSync(sub, { recursive: true });
  const sha = createHash("sha1").update(f.input).digest("hex");
  const path = join(sub, `fuzz-${hang ? "hang-" : ""}${sha}.bin`);
  writeFileSync(path, f.input);
  return path;
}

/** Runs the plan's cases `[0, cases)` in watched batches. */
export function runPlan(plan: FuzzPlan, options: FuzzOptions): Omit<FuzzReport, "seeds" | "written"> {
  const batch = options.batch ?? 256;
  const stats = emptyStats();
  const crashes: FuzzFinding[] = [];
  const hangs: FuzzFinding[] = [];
  for (let from = 0; from < options.cases; from += batch) {
    const to = Math.min(options.cases, from + batch);
    const scratch = emptyStats();
    const done = watched(() => runCases(plan, from, to, scratch), options.batchTimeoutMs ?? 10_000);
    if (done !== undefined) {
      merge(stats, scratch);
      crashes.push(...done.value);
      continue;
    }
    // Replay one case at a time to find the one that does not end.
    for (let i = from; i < to; i++) {
      const one = emptyStats();
      const r = watched(() => runCases(plan, i, i + 1, one), options.caseTimeoutMs ?? 2_000);
      if (r === undefined) {
        const c = buildCase(plan, i);
        stats.cases++;
        stats.mutations[c.mutation]++;
        hangs.push({ index: i, kind: c.seed.kind, mutation: c.mutation, input: c.input, error: "hang" });
      } else {
        merge(stats, one);
        crashes.push(...r.value);
      }
    }
  }
  return { seed: plan.runSeed, stats, crashes, hangs };
}

function merge(into: FuzzStats, from: FuzzStats): void {
  into.cases += from.cases;
  into.decoded += from.decoded;
  into.rejected += from.rejected;
  for (const [k, v] of Object.entries(from.mutations)) into.mutations[k as keyof FuzzStats["mutations"]] += v;
  for (const [k, v] of Object.entries(from.targets)) into.targets[k] = (into.targets[k] ?? 0) + v;
  into.slowestMs = Math.max(into.slowestMs, from.slowestMs);
}

/** Writes every crash and hang of a run to `dir` (MRT inputs under `dir/mrt`); returns the paths. */
export function saveFindings(dir: string, result: Pick<FuzzReport, "crashes" | "hangs">): string[] {
  return [...result.crashes.map((f) => save(dir, f, false)), ...result.hangs.map((f) => save(dir, f, true))];
}

/** Loads the corpus, runs `options.cases` cases and writes every finding as a regression file. */
export function fuzz(options: FuzzOptions): FuzzReport {
  const seeds = loadCorpus(options);
  const plan = planFuzz(seeds, FUZZ_CONTEXTS, options.seed, mrtContext);
  const result = runPlan(plan, options);
  const dir =
    options.regressions === undefined ? join(PACKAGE_DIR, "test", "regressions") : options.regressions;
  const written = dir === null ? [] : saveFindings(dir, result);
  return { ...result, seeds: plan.seeds.length, written };
}
