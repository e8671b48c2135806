/** The FSM's state: the RFC 4271 state plus the session variables the transitions read and write. */
import type { TimerName } from "./actions.js";
import type { SessionStateName } from "./states.js";

/** How an automatic restart that waits on the IdleHoldTimer will start the session. */
export type PendingStart = "active" | "passive";

/** Everything {@link step} needs to remember between events. Immutable; each step returns a new one. */
export interface FsmState {
  /** The RFC 4271 state. */
  readonly state: SessionStateName;
  /** ConnectRetryCounter (RFC 4271 §8): failures since the last start. */
  readonly connectRetryCounter: number;
  /** Deadlines (clock milliseconds) of the running timers; a missing key means stopped. */
  readonly timers: Readonly<Partial<Record<TimerName, number>>>;
  /** Negotiated hold time in seconds (our proposal until an OPEN arrives). */
  readonly holdTime: number;
  /** Keepalive interval in seconds. */
  readonly keepaliveTime: number;
  /** Current IdleHoldTime in seconds (grows with DampPeerOscillations). */
  readonly idleHoldTime: number;
  /** Clock time (ms) of the last failure, or null if none since the damping state was reset. */
  readonly lastFailureAt: number | null;
  /** The start that the running IdleHoldTimer will perform when it expires, if any. */
  readonly pendingStart: PendingStart | null;
  /**
   * Connection attempts since the last start or Established: drives the connect backoff
   * (`backoff.ts`). Missing means 0 (states built before the field existed).
   */
  readonly connectAttempts?: number;
  /** State of the ConnectRetryTimer jitter sequence (uint32); the session seeds it at random. */
  readonly jitterSeed?: number;
}

/**
 * The state a new session starts in: Idle, no timers, no failures. `jitterSeed` seeds the
 * ConnectRetryTimer jitter (any uint32; give each session its own).
 */
export function initialFsmState(idleHoldTime: number, holdTime = 90, jitterSeed = 0): FsmState {
  return {
    state: "Idle",
    connectRetryCounter: 0,
    timers: {},
    holdTime,
    keepaliveTime: Math.floor(holdTime / 3),
    idleHoldTime,
    lastFailureAt: null,
    pendingStart: null,
    connectAttempts: 0,
    jitterSeed: jitterSeed >>> 0,
  };
}

/** True if `timer` is running in `s`. */
export function isTimerRunning(s: FsmState, timer: TimerName): boolean {
  return s.timers[timer] !== undefined;
}
