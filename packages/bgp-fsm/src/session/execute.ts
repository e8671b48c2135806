/**
 * Performs the actions the FSM returns for one connection slot (RFC 4271 §8.2.2's "sends",
 * "drops", "starts the timer"...). The only place where FSM actions meet sockets and events.
 */
import { ASN4_CONTEXT, type BgpMessage, type CodecContext, Limits, encodeMessage } from "@tsbgp/bgp-wire";
import type { NotificationInfo } from "../errors.js";
import type { FsmAction } from "../fsm/actions.js";
import { openOutgoing } from "./transport.js";
import type { BgpSession } from "./session.js";
import type { Slot } from "./slot.js";

const KEEPALIVE: BgpMessage = { type: "KEEPALIVE" };

/**
 * A NOTIFICATION as bytes. Its data (often the offending bytes, RFC 4271 §6) is cut to fit the
 * message size limit, so reporting an error can never fail in turn.
 */
export function encodeNotification(n: NotificationInfo, ctx: CodecContext): Uint8Array {
  const max = (ctx.extendedMessage ? Limits.MAX_EXTENDED_MESSAGE_LENGTH : Limits.MAX_MESSAGE_LENGTH) - 21;
  const data = n.data ?? new Uint8Array(0);
  const msg = {
    type: "NOTIFICATION" as const,
    code: n.code,
    subcode: n.subcode,
    data: data.length > max ? data.subarray(0, max) : data,
  };
  return encodeMessage(msg, ctx);
}

/** Executes one action for `slot` of session `s`. */
export function executeAction(s: BgpSession, slot: Slot, a: FsmAction): void {
  switch (a.type) {
    case "start-timer":
      slot.timers.start(a.timer, a.seconds);
      return;
    case "stop-timer":
      slot.timers.stop(a.timer);
      return;
    case "connect":
      openOutgoing(s, slot);
      return;
    case "listen":
    case "track-connection":
    case "reject-connection":
      // Incoming connections reach acceptConnection(), which applies these by state.
      return;
    case "drop-connection":
      slot.pending?.destroy();
      slot.pending = null;
      if (slot.conn) {
        const c = slot.conn;
        slot.conn = null;
        c.close();
      }
      return;
    case "send-open":
      if (slot.conn) s.write(slot.conn, encodeMessage(s.ourOpen, slot.codec), "OPEN");
      return;
    case "send-keepalive":
      if (slot.conn) s.write(slot.conn, encodeMessage(KEEPALIVE, slot.codec), "KEEPALIVE");
      return;
    case "send-notification": {
      const n = a.notification;
      if (slot.conn) s.write(slot.conn, encodeNotification(n, slot.codec), "NOTIFICATION");
      if (slot === s.main) {
        s.counters.lastNotificationSent = n;
        s.gr.noteNotification(n);
      }
      if (!slot.silent) s.emit("notification:sent", n);
      return;
    }
    case "release-resources":
      if (slot === s.main && a.deleteRoutes) {
        const stale = s.gr.sessionDown(slot.negotiated);
        // Stale routes still count against the max-prefix limit until swept (RFC 4724 §4.2).
        if (stale.length > 0) s.prefixes?.markStale(stale);
        else s.prefixes?.clear();
      }
      slot.negotiated = null;
      slot.codec = ASN4_CONTEXT;
      return;
    case "process-update":
      // Never reached from the session: onUpdate (receive.ts) delivers an UPDATE in
      // Established itself, which is the only state whose transition makes this action.
      return;
    case "state-change":
      if (slot === s.main && !slot.silent) s.stateChanged(slot, a.from, a.to);
      return;
    default: {
      const never: never = a;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}
