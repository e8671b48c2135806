/**
 * How long the ConnectRetryTimer runs before the next connection attempt. RFC 4271 §8 uses one
 * constant ConnectRetryTime; with `connectRetryBackoff` the wait starts at `minConnectRetryTime`
 * and doubles with each attempt that did not reach Established, up to ConnectRetryTime as the
 * ceiling, so a peer that restarts is reached again in about a second while a peer that stays
 * away is not hammered. RFC 4271 §10 asks for jitter on the ConnectRetryTimer (a factor between
 * 0.75 and 1); it comes from a small pseudo-random sequence whose state lives in the FSM state,
 * so `step` stays a pure function and tests replay it exactly.
 */
import type { FsmConfig } from "./config.js";

/** Doublings after which the wait stops growing (2^20 s is beyond any sane ceiling). */
const MAX_DOUBLINGS = 20;

/**
 * One step of the jitter sequence (mulberry32): a value in [0, 1) and the next state.
 * Pure; the seed is any uint32.
 */
export function jitterStep(seed: number): { readonly value: number; readonly seed: number } {
  const next = (seed + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, seed: next };
}

/** The ConnectRetryTimer duration chosen for one attempt, and the jitter state after it. */
export interface ConnectRetryDelay {
  /** Seconds to run the ConnectRetryTimer. */
  readonly seconds: number;
  /** The jitter sequence state to keep for the next draw. */
  readonly seed: number;
}

/**
 * The ConnectRetryTimer for attempt number `attempts` (0 for the first connection attempt
 * after a start or after Established). `passive` starts wait for the peer, so they keep the
 * constant ConnectRetryTime: a fast first retry there would connect out and collide with the
 * peer's own attempt.
 */
export function connectRetryDelay(
  attempts: number,
  config: FsmConfig,
  seed: number,
  passive: boolean,
): ConnectRetryDelay {
  const ceiling = config.connectRetryTime;
  let seconds = ceiling;
  const min = config.minConnectRetryTime ?? 1;
  if (config.connectRetryBackoff === true && !passive && min > 0) {
    const doublings = Math.min(Math.max(0, attempts), MAX_DOUBLINGS);
    seconds = Math.min(ceiling, min * 2 ** doublings);
  }
  if (config.connectRetryJitter !== true || seconds <= 0) return { seconds, seed };
  // RFC 4271 §10: "the range of the random value SHOULD be from 0.75 to 1.0".
  const j = jitterStep(seed);
  return { seconds: seconds * (0.75 + 0.25 * j.value), seed: j.seed };
}
