/**
 * DampPeerOscillations (RFC 4271 §8.1.1, the method being left to implementations): each failure
 * that follows the previous one within the quiet period doubles IdleHoldTime, up to a ceiling;
 * a failure after a quiet period starts again from the initial value. BIRD's error_delay_time
 * (min, max, forget) is the same idea.
 */
import type { FsmConfig } from "./config.js";

/** The damping variables kept in the FSM state. */
export interface DampingState {
  readonly idleHoldTime: number;
  readonly lastFailureAt: number | null;
}

/** The IdleHoldTime to use after a failure at clock time `now` (ms), and the new damping state. */
export function nextIdleHold(prev: DampingState, now: number, config: FsmConfig): DampingState {
  const initial = config.idleHoldTime;
  const recent = prev.lastFailureAt !== null && now - prev.lastFailureAt < config.dampQuietPeriod * 1000;
  if (!config.dampPeerOscillations || !recent) return { idleHoldTime: initial, lastFailureAt: now };
  const doubled = Math.max(prev.idleHoldTime, initial) * 2;
  return { idleHoldTime: Math.min(doubled, config.maxIdleHoldTime), lastFailureAt: now };
}
