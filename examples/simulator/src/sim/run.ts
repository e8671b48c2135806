/**
 * One simulator run: build the cluster, cold-start every node, then the scenario's phases, and
 * collect the figures of a {@link SimResult}.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { AgentTimers } from "@tsbgp/example-node-agent";
import { wallNow } from "./driver.js";
import { flapNode } from "./flap.js";
import { measurePhase, round6 } from "./phase.js";
import { reflectorDies } from "./reflector-dies.js";
import type { PhaseResult, Scenario, SimResult } from "./result.js";
import { SimCluster } from "./sim-cluster.js";
import { DEFAULT_SIM_TIMERS, expectedSessions, type SimMode } from "./topology.js";

/** What to run. */
export interface SimOptions {
  readonly nodes: number;
  readonly mode: SimMode;
  /** Reflectors in `rr` mode (default 2). */
  readonly reflectors?: number;
  /** Default `join`: cold start, one node leaves, it joins again. */
  readonly scenario?: Scenario;
  /** One-way link latency, virtual ms (default 1). */
  readonly latencyMs?: number;
  readonly timers?: AgentTimers;
  /** Give up a phase after this much wall-clock time, ms. */
  readonly phaseWallMs?: number;
  /** Flap scenario: resets and period. */
  readonly flaps?: number;
  readonly flapPeriodS?: number;
}

/** Virtual time allowed for a phase to converge: a few connect-retry and idle-hold rounds. */
const PHASE_VIRTUAL_MS = 300_000;

const MB = 1024 * 1024;

/**
 * A full GC before reading the heap, so the figure is what the agents keep, not garbage. Without
 * `--expose-gc` on the command line, V8's flag can still be set at run time and `gc` read from a
 * fresh context.
 */
function forceGc(): (() => void) | undefined {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own) return own;
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

function heapMb(): { mb: number; gc: boolean } {
  const gc = forceGc();
  gc?.();
  return { mb: process.memoryUsage().heapUsed / MB, gc: gc !== undefined };
}

/** Runs the simulation and returns its figures. */
export async function runSimulation(options: SimOptions): Promise<SimResult> {
  const scenario = options.scenario ?? "join";
  const reflectors = options.mode === "rr" ? (options.reflectors ?? 2) : 0;
  const timers = options.timers ?? DEFAULT_SIM_TIMERS;
  const latencyMs = options.latencyMs ?? 1;
  const limits = {
    virtualMs: PHASE_VIRTUAL_MS,
    ...(options.phaseWallMs === undefined ? {} : { wallMs: options.phaseWallMs }),
  };
  const base = heapMb();
  const w0 = wallNow();
  const cluster = new SimCluster({ nodes: options.nodes, mode: options.mode, reflectors, timers, latencyMs });
  try {
    const cold = await measurePhase(cluster, () => cluster.startAll(), limits);
    const { total: sessions, peakPerNode } = cluster.sessions();
    const heap = heapMb();
    const phases: { cold: PhaseResult; leave?: PhaseResult; join?: PhaseResult } = { cold };
    const last = options.nodes - 1;
    let result: Partial<Pick<SimResult, "reflector_dies" | "flap">> = {};
    if (scenario === "leave" || scenario === "join") {
      phases.leave = await measurePhase(cluster, () => cluster.stop(last), limits);
    }
    if (scenario === "join") {
      phases.join = await measurePhase(cluster, () => cluster.start(last), limits);
    }
    if (scenario === "reflector-dies") {
      result = { reflector_dies: await reflectorDies(cluster, 0, options.phaseWallMs) };
    }
    if (scenario === "flap") {
      result = {
        flap: await flapNode(cluster, {
          index: last,
          ...(options.flaps === undefined ? {} : { flaps: options.flaps }),
          ...(options.flapPeriodS === undefined ? {} : { periodS: options.flapPeriodS }),
          ...(options.phaseWallMs === undefined ? {} : { wallMs: options.phaseWallMs }),
        }),
      };
    }
    const all = [
      ...Object.values(phases),
      ...(result.reflector_dies ? [result.reflector_dies.phase] : []),
      ...(result.flap ? [result.flap.recovery] : []),
    ];
    return {
      nodes: options.nodes,
      mode: options.mode,
      reflectors,
      scenario,
      converged: all.every((p) => p.converged),
      sessions,
      sessions_expected: expectedSessions({ nodes: options.nodes, mode: options.mode, reflectors }),
      peak_sessions_per_node: peakPerNode,
      messages: cold.messages,
      bytes: cold.bytes,
      converge_s: cold.converge_s,
      heap_mb: round6(heap.mb),
      heap_mb_per_node: round6((heap.mb - base.mb) / options.nodes),
      heap_after_gc: heap.gc,
      latency_ms: latencyMs,
      timers,
      phases,
      ...result,
      wall_s: round6((wallNow() - w0) / 1000),
    };
  } finally {
    await cluster.close();
  }
}
