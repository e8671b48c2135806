/** The figures one simulator run reports (`--json` prints a {@link SimResult}). */
import type { AgentTimers } from "@tsbgp/example-node-agent";
import type { MessageTypeName } from "../transport/traffic.js";
import type { SimMode } from "./topology.js";

/** Scenarios of a run. */
export const SCENARIOS = ["cold", "leave", "join", "reflector-dies", "flap"] as const;

/** One of {@link SCENARIOS}. */
export type Scenario = (typeof SCENARIOS)[number];

/** Convergence time of a phase, in virtual seconds and in wall-clock seconds. */
export interface ConvergeSeconds {
  /** Simulated time: link latency and protocol timers (connect retry, idle hold, hold). */
  readonly virtual: number;
  /** Real time this process took to run the agents through it. */
  readonly wall: number;
  /** CPU time this process used meanwhile (the same work, without other processes' share). */
  readonly cpu: number;
}

/** One measured phase (cold start, a node leaving, a node joining...). */
export interface PhaseResult {
  /** Every up node held a route to every other up node's block (via its owner) and none to a gone one. */
  readonly converged: boolean;
  readonly converge_s: ConvergeSeconds;
  /** Messages delivered from the phase's start until no message was in flight. */
  readonly messages: number;
  /** Bytes of those messages. */
  readonly bytes: number;
  readonly messages_by_type: Readonly<Record<MessageTypeName, number>>;
}

/** A reflector dying: what its clients kept. */
export interface ReflectorDiesResult {
  /** The reflector that died. */
  readonly node: string;
  /** Most (up node → up node's block) routes missing at any moment after the death. */
  readonly lost_routes_max: number;
  /** Missing at the end of the window. */
  readonly lost_routes_end: number;
  /** Its peers dropped the dead reflector (hold timer) and everything else stayed. */
  readonly phase: PhaseResult;
  /** Virtual seconds watched after the death. */
  readonly watched_s: number;
}

/** A node flapping: how much of it the rest of the cluster saw. */
export interface FlapResult {
  readonly node: string;
  /** Link resets applied to the flapping node. */
  readonly flaps: number;
  /** Virtual seconds between resets. */
  readonly period_s: number;
  /** Connections reset at each flap (0 when the node's sessions were already down: damped). */
  readonly connections_reset: readonly number[];
  /** UPDATEs the other nodes received in each flap period. */
  readonly updates_seen_by_others: readonly number[];
  /** The other nodes' best-route changes in each flap period. */
  readonly route_changes_by_others: readonly number[];
  /** Times the flapping node's sessions came back up (sum over its peers). */
  readonly sessions_reestablished: number;
  /** After the flapping stopped: back to full convergence. */
  readonly recovery: PhaseResult;
}

/** Everything a run measured. */
export interface SimResult {
  readonly nodes: number;
  readonly mode: SimMode;
  /** Reflectors (0 in mesh mode). */
  readonly reflectors: number;
  readonly scenario: Scenario;
  /** Every phase run converged. */
  readonly converged: boolean;
  /** Established sessions after the cold start (each counted once). */
  readonly sessions: number;
  /** N(N-1)/2 for a mesh, R(R-1)/2 + R(N-R) with reflectors. */
  readonly sessions_expected: number;
  /** Most sessions on one node (the reflectors' load). */
  readonly peak_sessions_per_node: number;
  /** Messages of the cold start (until quiet). */
  readonly messages: number;
  readonly bytes: number;
  /** Cold-start convergence time. */
  readonly converge_s: ConvergeSeconds;
  /** V8 heap in use after the cold start (after a GC when run with --expose-gc), MB. */
  readonly heap_mb: number;
  /** (heap after cold start - heap before the agents) / N, MB. */
  readonly heap_mb_per_node: number;
  /** Whether the heap figures were taken after a forced GC. */
  readonly heap_after_gc: boolean;
  readonly latency_ms: number;
  readonly timers: AgentTimers;
  readonly phases: {
    readonly cold: PhaseResult;
    readonly leave?: PhaseResult;
    readonly join?: PhaseResult;
  };
  readonly reflector_dies?: ReflectorDiesResult;
  readonly flap?: FlapResult;
  /** Wall-clock seconds of the whole run (build, phases, teardown not included). */
  readonly wall_s: number;
}
