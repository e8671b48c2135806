/**
 * What a transition asks the adapter to do. Actions are values, executed in order by whoever
 * owns the socket and the timers; the transition function itself never does I/O.
 */
import type { NotificationInfo } from "../errors.js";
import type { SessionStateName } from "./states.js";

/** The five FSM timers (RFC 4271 §8, §10; IdleHold from §8.1.1's DampPeerOscillations). */
export type TimerName = "connectRetry" | "hold" | "keepalive" | "delayOpen" | "idleHold";

/** Every timer name. */
export const ALL_TIMERS: readonly TimerName[] = [
  "connectRetry",
  "hold",
  "keepalive",
  "delayOpen",
  "idleHold",
];

/** Start (or restart) a timer; it fires its `*_Expires` event after `seconds`. */
export interface StartTimerAction {
  readonly type: "start-timer";
  readonly timer: TimerName;
  readonly seconds: number;
}
/** Stop a timer ("set it to zero" in the RFC's words). */
export interface StopTimerAction {
  readonly type: "stop-timer";
  readonly timer: TimerName;
}
/** Initiate an outgoing TCP connection to the peer. */
export interface ConnectAction {
  readonly type: "connect";
}
/** Accept incoming TCP connections from the peer (the speaker's listener routes them here). */
export interface ListenAction {
  readonly type: "listen";
}
/** Drop the TCP connection (after flushing anything queued, such as a NOTIFICATION). */
export interface DropConnectionAction {
  readonly type: "drop-connection";
}
/** Refuse an incoming connection that is not acceptable (Event 15). */
export interface RejectConnectionAction {
  readonly type: "reject-connection";
}
/** Keep a second connection aside for collision detection until its OPEN arrives (RFC 4271 §6.8). */
export interface TrackConnectionAction {
  readonly type: "track-connection";
}
/** Send our OPEN. */
export interface SendOpenAction {
  readonly type: "send-open";
}
/** Send a KEEPALIVE. */
export interface SendKeepaliveAction {
  readonly type: "send-keepalive";
}
/** Send a NOTIFICATION. */
export interface SendNotificationAction {
  readonly type: "send-notification";
  readonly notification: NotificationInfo;
}
/** Release the session's resources; `deleteRoutes` when routes learned from the peer must go. */
export interface ReleaseResourcesAction {
  readonly type: "release-resources";
  readonly deleteRoutes: boolean;
}
/** Hand a received UPDATE to the user (Event 27 in Established). */
export interface ProcessUpdateAction {
  readonly type: "process-update";
}
/** Tell the user the state changed. */
export interface StateChangeAction {
  readonly type: "state-change";
  readonly from: SessionStateName;
  readonly to: SessionStateName;
}

/** Any FSM action. */
export type FsmAction =
  | StartTimerAction
  | StopTimerAction
  | ConnectAction
  | ListenAction
  | DropConnectionAction
  | RejectConnectionAction
  | TrackConnectionAction
  | SendOpenAction
  | SendKeepaliveAction
  | SendNotificationAction
  | ReleaseResourcesAction
  | ProcessUpdateAction
  | StateChangeAction;
