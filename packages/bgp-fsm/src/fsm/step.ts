/**
 * The RFC 4271 §8.2.2 transition function: `step(state, event, config, now)` returns the next
 * state and the actions to take, with no I/O and no clock of its own (`now` is the caller's
 * clock in milliseconds, used only for timer deadlines and damping). The per-state rules live in
 * `step-connecting.ts` (Idle, Connect, Active) and `step-open.ts` (OpenSent..Established).
 */
import type { FsmConfig } from "./config.js";
import type { FsmEvent } from "./events.js";
import type { FsmState } from "./fsm-state.js";
import { EXPIRING } from "./fsm-notifications.js";
import { active, connect, idle } from "./step-connecting.js";
import { established, openConfirm, openSent } from "./step-open.js";
import { type StepResult, Transition } from "./transition.js";

export { fsmErrorFor } from "./fsm-notifications.js";
export type { StepResult } from "./transition.js";

/** Runs one event through the FSM. Pure: the same inputs always give the same result. */
export function step(s: FsmState, event: FsmEvent, config: FsmConfig, now: number): StepResult {
  const t = new Transition(s, config, now);
  // A timer whose expiry is being delivered is no longer running.
  const expired = EXPIRING[event.type];
  if (expired) delete t.timers[expired];
  switch (s.state) {
    case "Idle":
      idle(t, event);
      break;
    case "Connect":
      connect(t, event);
      break;
    case "Active":
      active(t, event);
      break;
    case "OpenSent":
      openSent(t, event);
      break;
    case "OpenConfirm":
      openConfirm(t, event);
      break;
    case "Established":
      established(t, event);
      break;
    default: {
      const never: never = s.state;
      throw new Error(`unknown state ${String(never)}`);
    }
  }
  return t.result();
}
