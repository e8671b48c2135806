/** Helpers shared by the FSM tests: states with given timers running, and action summaries. */
import type {
  FsmAction,
  FsmEvent,
  FsmEventType,
  FsmState,
  SessionStateName,
  TimerName,
} from "../../src/index.js";
import { initialFsmState } from "../../src/index.js";

/** A state `name` with `timers` running (deadlines far in the future). */
export function stateWith(name: SessionStateName, timers: readonly TimerName[] = []): FsmState {
  const base = initialFsmState(5);
  const t: Partial<Record<TimerName, number>> = {};
  for (const x of timers) t[x] = 1e12;
  return { ...base, state: name, timers: t };
}

/** The event of a given type with a representative payload. */
export function eventOf(type: FsmEventType): FsmEvent {
  switch (type) {
    case "BGPOpen":
    case "BGPOpen_with_DelayOpenTimer_running":
      return { type, holdTime: 90, keepaliveTime: 30 };
    case "BGPHeaderErr":
      return { type, error: { code: 1, subcode: 2 } };
    case "BGPOpenMsgErr":
      return { type, error: { code: 2, subcode: 2 } };
    case "UpdateMsgErr":
      return { type, error: { code: 3, subcode: 1 } };
    default:
      return { type } as FsmEvent;
  }
}

/** A compact, order-preserving summary of actions (state changes are checked separately). */
export function summarize(actions: readonly FsmAction[]): string {
  const out: string[] = [];
  for (const a of actions) {
    switch (a.type) {
      case "start-timer":
        out.push(`+${a.timer}`);
        break;
      case "stop-timer":
        out.push(`-${a.timer}`);
        break;
      case "send-notification":
        out.push(`N:${a.notification.code}/${a.notification.subcode}`);
        break;
      case "send-open":
        out.push("OPEN");
        break;
      case "send-keepalive":
        out.push("KA");
        break;
      case "release-resources":
        out.push(a.deleteRoutes ? "release+routes" : "release");
        break;
      case "drop-connection":
        out.push("drop");
        break;
      case "reject-connection":
        out.push("reject");
        break;
      case "track-connection":
        out.push("track");
        break;
      case "process-update":
        out.push("update");
        break;
      case "connect":
      case "listen":
        out.push(a.type);
        break;
      case "state-change":
        break;
    }
  }
  return out.join(" ");
}
