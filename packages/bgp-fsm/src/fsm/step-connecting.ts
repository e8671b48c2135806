/** RFC 4271 §8.2.2 for the states without an OPEN exchange yet: Idle, Connect and Active. */
import type { FsmEvent } from "./events.js";
import { ceaseFor, withoutNotification } from "./fsm-notifications.js";
import type { Transition } from "./transition.js";

/** Starts the session (§8.2.2 Idle, Events 1/3 and 4/5): counter reset, ConnectRetryTimer on. */
function start(t: Transition, mode: "active" | "passive"): void {
  t.stopTimer("idleHold");
  t.pendingStart = null;
  t.connectRetryCounter = 0;
  // A fresh start begins the connect backoff again; damping of failures is the IdleHoldTimer's.
  t.connectAttempts = 0;
  t.startConnectRetry(mode === "passive" || t.config.passiveTcpEstablishment);
  if (mode === "active") t.push({ type: "connect" }).push({ type: "listen" }).go("Connect");
  else t.push({ type: "listen" }).go("Active");
}

/** §8.2.2 Idle: starts, damped starts, and nothing else. */
export function idle(t: Transition, e: FsmEvent): void {
  const passive = t.config.passiveTcpEstablishment;
  switch (e.type) {
    case "ManualStart":
      start(t, passive ? "passive" : "active");
      return;
    case "ManualStart_with_PassiveTcpEstablishment":
      start(t, "passive");
      return;
    case "AutomaticStart":
      if (t.config.allowAutomaticStart) start(t, passive ? "passive" : "active");
      return;
    case "AutomaticStart_with_PassiveTcpEstablishment":
      if (t.config.allowAutomaticStart) start(t, "passive");
      return;
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment": {
      // §8.2.2 leaves the damping method open: while the IdleHoldTimer runs, the start waits for it.
      if (!t.config.allowAutomaticStart) return;
      const mode = e.type === "AutomaticStart_with_DampPeerOscillations" && !passive ? "active" : "passive";
      if (t.running("idleHold")) t.pendingStart = mode;
      else start(t, mode);
      return;
    }
    case "IdleHoldTimer_Expires": {
      const mode = t.pendingStart;
      t.stopTimer("idleHold");
      t.pendingStart = null;
      if (mode !== null && t.config.allowAutomaticStart) start(t, mode);
      return;
    }
    case "ManualStop":
      // Ignored by the RFC; it also cancels a pending automatic restart, which is what an operator means.
      t.stopTimer("idleHold");
      t.pendingStart = null;
      return;
    case "Tcp_CR_Invalid":
    case "TcpConnection_Valid":
      // Idle accepts no connections (§8.2.2: "refuses all incoming BGP connections").
      t.push({ type: "reject-connection" });
      return;
    default:
      // §8.2.2 Idle: any other event (8-12, 16-28) does not change the state.
      return;
  }
}

/** Connect and Active share most of §8.2.2; `inConnect` selects the few differences. */
function connecting(t: Transition, e: FsmEvent, inConnect: boolean): void {
  switch (e.type) {
    case "ManualStart":
    case "AutomaticStart":
    case "ManualStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_PassiveTcpEstablishment":
    case "AutomaticStart_with_DampPeerOscillations":
    case "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment":
      return; // ignored
    case "ManualStop":
      if (
        !inConnect &&
        t.running("delayOpen") &&
        t.config.sendNotificationWithoutOpen &&
        !withoutNotification(e)
      )
        t.notify(ceaseFor(e));
      t.drop();
      t.release(false);
      t.connectRetryCounter = 0;
      t.stopTimer("connectRetry");
      t.go("Idle");
      return;
    case "ConnectRetryTimer_Expires":
      if (inConnect) t.drop();
      t.startConnectRetry();
      t.stopTimer("delayOpen");
      t.push({ type: "connect" });
      t.push({ type: "listen" });
      t.go("Connect");
      return;
    case "DelayOpenTimer_Expires":
      if (!inConnect) t.stopTimer("connectRetry");
      t.stopTimer("delayOpen");
      t.sendOpen();
      t.go("OpenSent");
      return;
    case "TcpConnection_Valid":
      return; // the connection is processed and the state stays (§8.2.2)
    case "Tcp_CR_Invalid":
      t.push({ type: "reject-connection" });
      return;
    case "Tcp_CR_Acked":
    case "TcpConnectionConfirmed":
      t.stopTimer("connectRetry");
      if (t.config.delayOpen) {
        t.startTimer("delayOpen", t.config.delayOpenTime);
      } else {
        t.sendOpen();
        t.go("OpenSent");
      }
      return;
    case "TcpConnectionFails":
      if (inConnect && t.running("delayOpen")) {
        t.startConnectRetry();
        t.stopTimer("delayOpen");
        t.push({ type: "listen" });
        t.go("Active");
      } else if (inConnect) {
        t.stopTimer("connectRetry");
        t.drop();
        t.release(false);
        t.go("Idle");
      } else {
        t.startConnectRetry();
        t.stopTimer("delayOpen");
        t.release(false);
        t.failed();
        t.go("Idle");
      }
      return;
    case "BGPOpen_with_DelayOpenTimer_running":
      t.stopTimer("connectRetry");
      t.stopTimer("delayOpen");
      t.push({ type: "send-open" });
      t.acceptOpen(e.holdTime, e.keepaliveTime);
      t.go("OpenConfirm");
      return;
    case "BGPHeaderErr":
    case "BGPOpenMsgErr":
      if (t.config.sendNotificationWithoutOpen) t.notify(e.error);
      t.stopTimer("connectRetry");
      t.release(false);
      t.drop();
      t.failed();
      t.go("Idle");
      return;
    case "NotifMsgVerErr": {
      const delayRunning = t.running("delayOpen");
      t.stopTimer("connectRetry");
      t.stopTimer("delayOpen");
      t.release(false);
      t.drop();
      if (!delayRunning) t.failed();
      t.go("Idle");
      return;
    }
    default:
      // §8.2.2 Connect/Active: any other event (8, 10, 11, 13, 19, 23, 25-28).
      t.stopTimer("connectRetry");
      t.stopTimer("delayOpen");
      t.release(false);
      t.drop();
      t.failed();
      t.go("Idle");
      return;
  }
}

/** §8.2.2 Connect. */
export function connect(t: Transition, e: FsmEvent): void {
  connecting(t, e, true);
}

/** §8.2.2 Active. */
export function active(t: Transition, e: FsmEvent): void {
  connecting(t, e, false);
}
