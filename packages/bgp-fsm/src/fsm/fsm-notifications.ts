/** NOTIFICATIONs and helpers shared by the per-state transition handlers. */
import { CeaseSubcode, ErrorCode, FsmSubcode } from "@tsbgp/bgp-wire";
import type { NotificationInfo } from "../errors.js";
import type { TimerName } from "./actions.js";
import type { FsmEvent } from "./events.js";
import type { SessionStateName } from "./states.js";

const MESSAGE_EVENTS = new Set<string>([
  "BGPOpen",
  "BGPOpen_with_DelayOpenTimer_running",
  "BGPHeaderErr",
  "BGPOpenMsgErr",
  "NotifMsgVerErr",
  "NotifMsg",
  "KeepAliveMsg",
  "UpdateMsg",
  "UpdateMsgErr",
]);

/**
 * The FSM Error NOTIFICATION for an event that a state does not expect (RFC 6608 §3): the
 * "unexpected message in <state>" subcode for message events, Unspecified for the others.
 */
export function fsmErrorFor(state: SessionStateName, event: FsmEvent): NotificationInfo {
  if (!MESSAGE_EVENTS.has(event.type)) return { code: ErrorCode.FSM, subcode: FsmSubcode.UNSPECIFIED };
  const subcode =
    state === "OpenSent"
      ? FsmSubcode.UNEXPECTED_MESSAGE_IN_OPENSENT
      : state === "OpenConfirm"
        ? FsmSubcode.UNEXPECTED_MESSAGE_IN_OPENCONFIRM
        : state === "Established"
          ? FsmSubcode.UNEXPECTED_MESSAGE_IN_ESTABLISHED
          : FsmSubcode.UNSPECIFIED;
  return { code: ErrorCode.FSM, subcode };
}

/** The Cease a stop event sends (RFC 4486 §4): its own, or Administrative Shutdown / unspecified. */
export function ceaseFor(event: FsmEvent): NotificationInfo {
  if ((event.type === "ManualStop" || event.type === "AutomaticStop") && event.notification) {
    return event.notification;
  }
  const subcode = event.type === "ManualStop" ? CeaseSubcode.ADMINISTRATIVE_SHUTDOWN : 0;
  return { code: ErrorCode.CEASE, subcode };
}

/** True for a stop event that asks for no NOTIFICATION (a graceful-restart stop, RFC 4724 §4.1). */
export function withoutNotification(event: FsmEvent): boolean {
  return (
    (event.type === "ManualStop" || event.type === "AutomaticStop") && event.withoutNotification === true
  );
}

/** Cease / Connection Collision Resolution (RFC 4486 §4), for the connection dropped by §6.8. */
export const COLLISION: NotificationInfo = {
  code: ErrorCode.CEASE,
  subcode: CeaseSubcode.CONNECTION_COLLISION_RESOLUTION,
};
/** Hold Timer Expired (RFC 4271 §6.5). */
export const HOLD_EXPIRED: NotificationInfo = { code: ErrorCode.HOLD_TIMER_EXPIRED, subcode: 0 };

/** The timer whose expiry each timer event reports. */
export const EXPIRING: Partial<Record<FsmEvent["type"], TimerName>> = {
  ConnectRetryTimer_Expires: "connectRetry",
  HoldTimer_Expires: "hold",
  KeepaliveTimer_Expires: "keepalive",
  DelayOpenTimer_Expires: "delayOpen",
  IdleHoldTimer_Expires: "idleHold",
};
