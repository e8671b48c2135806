/**
 * The transport side of a session: outgoing connects, wrapping sockets into connections, and
 * timer expiries (with BIRD's hold-timer courtesy). Each function acts on one slot.
 */
import type { Socket } from "node:net";
import { BgpSessionError, SessionErrorCode } from "../errors.js";
import type { TimerName } from "../fsm/actions.js";
import type { FsmEvent } from "../fsm/events.js";
import { Connection, type ConnectionOrigin } from "./connection.js";
import { handleMessage } from "./receive.js";
import type { BgpSession } from "./session.js";
import type { Slot } from "./slot.js";

const TIMER_EVENTS: Record<TimerName, FsmEvent["type"]> = {
  connectRetry: "ConnectRetryTimer_Expires",
  hold: "HoldTimer_Expires",
  keepalive: "KeepaliveTimer_Expires",
  delayOpen: "DelayOpenTimer_Expires",
  idleHold: "IdleHoldTimer_Expires",
};

/** A timer of `slot` expired: feed its event to the FSM (the hold timer only if input is quiet). */
export function onTimer(s: BgpSession, slot: Slot, timer: TimerName, gen: number): void {
  const conn = slot.conn;
  if (timer === "hold" && conn) {
    // BIRD's courtesy: input may sit unread while the event loop was busy. Let pending reads
    // run first (setImmediate follows the poll phase) and expire only if nothing came in.
    const rx = conn.rxBytes;
    setImmediate(() => {
      if (slot.conn !== conn || slot.timers.running("hold") || !slot.timers.isCurrent("hold", gen)) return;
      if (conn.rxBytes !== rx || conn.inputPaused) {
        s.emit("log", "debug", `${s.name}: hold timer deferred, input still arriving`);
        slot.timers.start(
          "hold",
          slot.fsm.state === "OpenSent" ? slot.config.largeHoldTime : slot.fsm.holdTime,
        );
        return;
      }
      s.noteDown(new BgpSessionError("hold timer expired", SessionErrorCode.HOLD_TIMER_EXPIRED));
      s.dispatch(slot, { type: "HoldTimer_Expires" });
    });
    return;
  }
  s.dispatch(slot, { type: TIMER_EVENTS[timer] } as FsmEvent);
}

/** Starts an outgoing connection for `slot` (RFC 4271 §8.2.2 "initiates a TCP connection"). */
export function openOutgoing(s: BgpSession, slot: Slot): void {
  slot.pending?.destroy();
  const opts = {
    host: s.peer.address,
    port: s.peer.port ?? 179,
    ...(s.peer.localAddress ? { localAddress: s.peer.localAddress } : {}),
  };
  const sock = s.connectFn(opts);
  slot.pending = sock;
  sock.once("error", (err) => {
    if (slot.pending !== sock) return;
    // A refused or failed attempt waits for the ConnectRetryTimer (RFC 4271 §8.2.2 Connect).
    slot.pending = null;
    s.emit("log", "debug", `${s.name}: connect failed: ${err.message}`);
  });
  sock.once("connect", () => {
    if (slot.pending !== sock || slot.conn) {
      sock.destroy();
      return;
    }
    slot.pending = null;
    attach(s, slot, sock, "local");
    s.dispatch(slot, { type: "Tcp_CR_Acked" });
  });
}

/** Wraps a connected socket for `slot` and routes its messages and closure to the session. */
export function attach(s: BgpSession, slot: Slot, socket: Socket, origin: ConnectionOrigin): void {
  slot.origin = origin;
  const conn: Connection = new Connection(
    socket,
    origin,
    {
      onMessage: (bytes, from, to) => {
        if (slot.conn === conn) handleMessage(s, slot, bytes, from, to);
      },
      onFramingError: (err) => {
        if (slot.conn === conn) handleMessage(s, slot, null, 0, 0, err);
      },
      onClose: (err) => {
        if (slot.conn !== conn) return;
        slot.conn = null;
        s.noteDown(
          new BgpSessionError(
            err ? `connection failed: ${err.message}` : "connection closed by peer",
            SessionErrorCode.CONNECTION_FAILED,
          ),
        );
        s.dispatch(slot, { type: "TcpConnectionFails" });
      },
    },
    () => s.clock.now(),
  );
  slot.conn = conn;
}
