/**
 * The 28 FSM events of RFC 4271 §8.1, as values. Each event is a plain object keyed by `type`
 * (the RFC's own event name); message events carry what the FSM needs from the message.
 */
import type { NotificationInfo } from "../errors.js";

/** RFC 4271 §8.1 event numbers, keyed by the RFC's event names. */
export const FsmEventNumber = {
  ManualStart: 1,
  ManualStop: 2,
  AutomaticStart: 3,
  ManualStart_with_PassiveTcpEstablishment: 4,
  AutomaticStart_with_PassiveTcpEstablishment: 5,
  AutomaticStart_with_DampPeerOscillations: 6,
  AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment: 7,
  AutomaticStop: 8,
  ConnectRetryTimer_Expires: 9,
  HoldTimer_Expires: 10,
  KeepaliveTimer_Expires: 11,
  DelayOpenTimer_Expires: 12,
  IdleHoldTimer_Expires: 13,
  TcpConnection_Valid: 14,
  Tcp_CR_Invalid: 15,
  Tcp_CR_Acked: 16,
  TcpConnectionConfirmed: 17,
  TcpConnectionFails: 18,
  BGPOpen: 19,
  BGPOpen_with_DelayOpenTimer_running: 20,
  BGPHeaderErr: 21,
  BGPOpenMsgErr: 22,
  OpenCollisionDump: 23,
  NotifMsgVerErr: 24,
  NotifMsg: 25,
  KeepAliveMsg: 26,
  UpdateMsg: 27,
  UpdateMsgErr: 28,
} as const;

/** The RFC name of an FSM event. */
export type FsmEventType = keyof typeof FsmEventNumber;

/** Every event name, in RFC order (Event 1 first). */
export const ALL_EVENT_TYPES: readonly FsmEventType[] = Object.keys(FsmEventNumber) as FsmEventType[];

/** Events with no payload. */
export interface SimpleFsmEvent {
  readonly type: Exclude<
    FsmEventType,
    "BGPOpen" | "BGPOpen_with_DelayOpenTimer_running" | ErrorEventType | StopEventType
  >;
}

/** The two stop events (Events 2 and 8). */
export type StopEventType = "ManualStop" | "AutomaticStop";

/**
 * ManualStop / AutomaticStop. `notification` is the Cease to send where the state sends one;
 * by default Administrative Shutdown (RFC 4486 §4) for ManualStop and subcode 0 for AutomaticStop.
 */
export interface StopFsmEvent {
  readonly type: StopEventType;
  readonly notification?: NotificationInfo;
  /**
   * Close the connection without any NOTIFICATION: what a restarting speaker does so its peers
   * keep its routes (RFC 4724 §4.1; RFC 8538 §4 would otherwise turn a Cease into a reset).
   */
  readonly withoutNotification?: boolean;
}

/**
 * A valid OPEN was received (Events 19 and 20): the hold and keepalive times are the negotiated
 * ones (RFC 4271 §4.2: the smaller hold time; 0 means no keepalives and no hold timer).
 */
export interface OpenFsmEvent {
  readonly type: "BGPOpen" | "BGPOpen_with_DelayOpenTimer_running";
  /** Negotiated hold time in seconds. */
  readonly holdTime: number;
  /** Keepalive interval in seconds (a third of the hold time unless configured lower). */
  readonly keepaliveTime: number;
}

/** Events caused by an error in a received message; they carry the NOTIFICATION to send. */
export type ErrorEventType = "BGPHeaderErr" | "BGPOpenMsgErr" | "UpdateMsgErr";

/** A message header, OPEN or UPDATE error (Events 21, 22 and 28). */
export interface ErrorFsmEvent {
  readonly type: ErrorEventType;
  /** The NOTIFICATION that reports the error (RFC 4271 §6). */
  readonly error: NotificationInfo;
}

/** Any FSM event. */
export type FsmEvent = SimpleFsmEvent | StopFsmEvent | OpenFsmEvent | ErrorFsmEvent;

/** The RFC 4271 event number of an event ("Event 19"). */
export function eventNumber(e: FsmEvent | FsmEventType): number {
  return FsmEventNumber[typeof e === "string" ? e : e.type];
}
