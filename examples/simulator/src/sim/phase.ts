/** Measure one phase: do something, then drive until the cluster converges and the network is quiet. */
import { trafficDelta } from "../transport/traffic.js";
import { cpuNow, wallNow } from "./driver.js";
import type { PhaseResult } from "./result.js";
import type { SimCluster } from "./sim-cluster.js";

/** Limits of a phase. */
export interface PhaseLimits {
  /** Virtual time allowed to converge, ms. */
  readonly virtualMs: number;
  /** Wall-clock time allowed, ms (default: none). */
  readonly wallMs?: number;
  /** Called after each step while converging. */
  readonly onStep?: () => void;
  /** A further condition the phase waits for, besides route convergence. */
  readonly until?: () => boolean;
}

/** Virtual time allowed for the messages of a phase to drain after convergence, ms. */
const QUIESCE_MS = 60_000;

/** Round to microseconds: enough for timing, short in JSON. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Runs `action` (which may drive the clock itself, e.g. a clean stop), then drives until
 * {@link SimCluster.converged}, timing both clocks from the action's start; then lets in-flight
 * messages land so they are counted with the phase that caused them.
 */
export async function measurePhase(
  cluster: SimCluster,
  action: () => Promise<unknown>,
  limits: PhaseLimits,
): Promise<PhaseResult> {
  const v0 = cluster.clock.now();
  const w0 = wallNow();
  const c0 = cpuNow();
  const t0 = cluster.network.traffic.snapshot();
  await action();
  const until = limits.until ?? (() => true);
  const converged = await cluster.driver.runUntil(() => cluster.converged() && until(), limits);
  const virtual = (cluster.clock.now() - v0) / 1000;
  const wall = (wallNow() - w0) / 1000;
  const cpu = (cpuNow() - c0) / 1000;
  await cluster.driver.quiesce(QUIESCE_MS);
  const d = trafficDelta(t0, cluster.network.traffic.snapshot());
  return {
    converged,
    converge_s: { virtual: round6(virtual), wall: round6(wall), cpu: round6(cpu) },
    messages: d.messages,
    bytes: d.bytes,
    messages_by_type: d.byType,
  };
}
