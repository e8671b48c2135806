/** RFC 4271 §8.2.2 for the states with an OPEN exchange: OpenSent, OpenConfirm and Established. */
import type { NotificationInfo } from "../errors.js";
import type { FsmEvent } from "./events.js";
import { COLLISION, HOLD_EXPIRED, ceaseFor, fsmErrorFor, withoutNotification } from "./fsm-notifications.js";
import type { Transition } from "./transition.js";

/** The shared "send NOTIFICATION, release, drop, count, damp, go Idle" of OpenSent..Established. */
function fail(t: Transition, n: NotificationInfo | null, deleteRoutes: boolean, count = true): void {
  if (n) t.notify(n);
  t.stopTimer("connectRetry");
  t.release(deleteRoutes);
  t.drop();
  if (count) t.failed();
  t.go("Idle");
}

/**
 * ManualStop in OpenSent..Established: Cease (or nothing, for a graceful-restart stop), counter
 * reset, no automatic restart.
 */
function manualStop(t: Transition, e: FsmEvent, deleteRoutes: boolean): void {
  if (!withoutNotification(e)) t.notify(ceaseFor(e));
  t.stopTimer("connectRetry");
  t.release(deleteRoutes);
  t.drop();
  t.connectRetryCounter = 0;
  t.go("Idle");
}

/** §8.2.2 OpenSent. */
export function openSent(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop":
      manualStop(t, e, false);
      return;
    case "AutomaticStop":
      if (!t.config.allowAutomaticStop) return;
      fail(t, withoutNotification(e) ? null : ceaseFor(e), false);
      return;
    case "HoldTimer_Expires":
      fail(t, HOLD_EXPIRED, false);
      return;
    case "TcpConnection_Valid":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      t.push({ type: "track-connection" });
      return;
    case "Tcp_CR_Invalid":
      t.push({ type: "reject-connection" });
      return;
    case "TcpConnectionFails":
      t.drop();
      t.stopTimer("hold");
      t.startConnectRetry();
      t.push({ type: "listen" });
      t.go("Active");
      return;
    case "BGPOpen":
      t.stopTimer("delayOpen");
      t.stopTimer("connectRetry");
      t.acceptOpen(e.holdTime, e.keepaliveTime);
      t.go("OpenConfirm");
      return;
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      fail(t, e.error, false);
      return;
    case "OpenCollisionDump":
      fail(t, COLLISION, false);
      return;
    case "NotifMsgVerErr":
      fail(t, null, false, false);
      return;
    default:
      // §8.2.2 OpenSent: any other event (9, 11-13, 20, 25-28) is an FSM error (RFC 6608).
      fail(t, fsmErrorFor("OpenSent", e), false);
      return;
  }
}

/** §8.2.2 OpenConfirm. */
export function openConfirm(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop":
      manualStop(t, e, false);
      return;
    case "AutomaticStop":
      if (!t.config.allowAutomaticStop) return;
      fail(t, withoutNotification(e) ? null : ceaseFor(e), false);
      return;
    case "HoldTimer_Expires":
      fail(t, HOLD_EXPIRED, false);
      return;
    case "KeepaliveTimer_Expires":
      t.push({ type: "send-keepalive" });
      t.startTimer("keepalive", t.keepaliveTime);
      return;
    case "TcpConnection_Valid":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      t.push({ type: "track-connection" });
      return;
    case "Tcp_CR_Invalid":
      t.push({ type: "reject-connection" });
      return;
    case "TcpConnectionFails":
    case "NotifMsg":
      fail(t, null, false);
      return;
    case "NotifMsgVerErr":
      fail(t, null, false, false);
      return;
    case "BGPOpen":
      // §8.2.2: a valid OPEN here goes through collision detection; the adapter resolves
      // collisions between connections before feeding events, so reaching this FSM means this
      // connection is the one to drop.
      fail(t, COLLISION, false);
      return;
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      fail(t, e.error, false);
      return;
    case "OpenCollisionDump":
      fail(t, COLLISION, false);
      return;
    case "KeepAliveMsg":
      t.startTimer("hold", t.holdTime);
      // The connect backoff starts over once a session is up (backoff.ts).
      t.connectAttempts = 0;
      t.go("Established");
      return;
    default:
      // §8.2.2 OpenConfirm: any other event (9, 12, 13, 20, 27, 28) is an FSM error (RFC 6608).
      fail(t, fsmErrorFor("OpenConfirm", e), false);
      return;
  }
}

/** §8.2.2 Established. */
export function established(t: Transition, e: FsmEvent): void {
  switch (e.type) {
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return;
    case "ManualStop":
      manualStop(t, e, true);
      return;
    case "AutomaticStop":
      if (!t.config.allowAutomaticStop) return;
      fail(t, withoutNotification(e) ? null : ceaseFor(e), true);
      return;
    case "HoldTimer_Expires":
      fail(t, HOLD_EXPIRED, true);
      return;
    case "KeepaliveTimer_Expires":
      t.push({ type: "send-keepalive" });
      t.startTimer("keepalive", t.keepaliveTime);
      return;
    case "TcpConnection_Valid":
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      t.push({ type: "track-connection" });
      return;
    case "Tcp_CR_Invalid":
      t.push({ type: "reject-connection" });
      return;
    case "BGPOpen":
      // With CollisionDetectEstablishedState the OPEN is a collision to resolve (§6.8, §8.2.2);
      // without it a second OPEN on this connection is simply unexpected (RFC 6608).
      fail(t, t.config.collisionDetectEstablishedState ? COLLISION : fsmErrorFor("Established", e), true);
      return;
    case "OpenCollisionDump":
      fail(t, COLLISION, true);
      return;
    case "TcpConnectionFails":
    case "NotifMsgVerErr":
    case "NotifMsg":
      fail(t, null, true);
      return;
    case "KeepAliveMsg":
      t.startTimer("hold", t.holdTime);
      return;
    case "UpdateMsg":
      t.push({ type: "process-update" });
      t.startTimer("hold", t.holdTime);
      return;
    case "UpdateMsgErr":
      fail(t, e.error, true);
      return;
    case "BGPHeaderErr":
      // A header error is reported as such (RFC 4271 §6.1) whatever the state.
      fail(t, e.error, true);
      return;
    default:
      // §8.2.2 Established: any other event (9, 12, 13, 20, 22) is an FSM error (RFC 6608).
      fail(t, fsmErrorFor("Established", e), true);
      return;
  }
}
