/**
 * What the session does with each received message: decode it with the slot's codec context,
 * turn it into the FSM event it stands for (RFC 4271 §8.1.4), and apply the checks that sit
 * beside the FSM (OPEN negotiation, collision detection, max-prefix, End-of-RIB).
 */
import {
  type BgpMessage,
  CeaseSubcode,
  ErrorCode,
  type FamilyKey,
  type LazyUpdateMessage,
  type NotificationMessage,
  type OpenMessage,
  type UpdateMessage,
  decodeMessageAt,
  describeNotification,
  isEndOfRib,
  notificationFromError,
} from "@tsbgp/bgp-wire";
import { BgpSessionError, type NotificationInfo, SessionErrorCode } from "../errors.js";
import type { FsmEvent } from "../fsm/events.js";
import { splitFamily } from "../negotiate/advertise.js";
import { negotiate } from "../negotiate/negotiate.js";
import type { NegotiatedSession } from "../negotiate/negotiated.js";
import { collisionWinner } from "./collision.js";
import type { BgpSession } from "./session.js";
import type { UpdateMeta } from "./events.js";
import type { Slot } from "./slot.js";

/** The parts of the session the receive path uses. */
export type ReceiveHost = Pick<
  BgpSession,
  "dispatch" | "noteDown" | "promote" | "otherSlot" | "discardSecond"
>;

function info(n: NotificationMessage): NotificationInfo {
  // Copy: the decoded data is a view into the receive buffer.
  return { code: n.code, subcode: n.subcode, data: n.data.slice() };
}

/** Handles one framed message, `bytes[from, to)`, or a framing error when `bytes` is null. */
export function handleMessage(
  s: BgpSession,
  slot: Slot,
  bytes: Uint8Array | null,
  from: number,
  to: number,
  framingError?: unknown,
): void {
  let msg: BgpMessage;
  try {
    if (bytes === null) throw framingError;
    msg = decodeMessageAt(bytes, from, to, slot.codec);
  } catch (e) {
    const n = info(notificationFromError(e));
    const err = new BgpSessionError(
      `malformed message from ${s.name}: ${e instanceof Error ? e.message : String(e)}`,
      SessionErrorCode.MALFORMED_MESSAGE,
      n,
      e,
    );
    s.noteDown(err);
    if (slot === s.main) s.emit("session:error", err);
    const type =
      n.code === ErrorCode.MESSAGE_HEADER
        ? "BGPHeaderErr"
        : n.code === ErrorCode.OPEN_MESSAGE
          ? "BGPOpenMsgErr"
          : "UpdateMsgErr";
    s.dispatch(slot, { type, error: n });
    return;
  }
  s.counters.messagesIn[msg.type]++;
  switch (msg.type) {
    case "OPEN":
      onOpen(s, slot, msg);
      return;
    case "KEEPALIVE":
      s.dispatch(slot, { type: "KeepAliveMsg" });
      return;
    case "UPDATE":
      onUpdate(s, slot, msg);
      return;
    case "NOTIFICATION": {
      const n = info(msg);
      if (slot === s.main) {
        s.counters.lastNotificationReceived = n;
        s.gr.noteNotification(n);
      }
      const err = new BgpSessionError(
        `${s.name} sent NOTIFICATION: ${describeNotification(n.code, n.subcode)}`,
        SessionErrorCode.NOTIFICATION_RECEIVED,
        n,
      );
      s.noteDown(err);
      if (slot === s.main) s.emit("notification:received", n);
      const verErr = n.code === ErrorCode.OPEN_MESSAGE && n.subcode === 1;
      s.dispatch(slot, { type: verErr ? "NotifMsgVerErr" : "NotifMsg" });
      return;
    }
    case "ROUTE_REFRESH":
      if (slot.fsm.state !== "Established") {
        s.dispatch(slot, { type: "UpdateMsg" });
        return;
      }
      // RFC 2918 §4: ignore it if we never advertised the capability.
      if (slot.negotiated?.routeRefresh) s.emit("route-refresh:received", msg);
      else s.emit("log", "warn", `${s.name}: ROUTE-REFRESH without the capability, ignored`);
      return;
    default: {
      const never: never = msg;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}

function onOpen(s: BgpSession, slot: Slot, open: OpenMessage): void {
  let neg: NegotiatedSession;
  try {
    neg = negotiate(s.ourOpen, open, s.policy);
  } catch (e) {
    const err =
      e instanceof BgpSessionError ? e : new BgpSessionError(String(e), SessionErrorCode.OPEN_REJECTED);
    s.noteDown(err);
    if (slot === s.main) s.emit("session:error", err);
    s.dispatch(slot, {
      type: "BGPOpenMsgErr",
      error: err.notification ?? { code: ErrorCode.OPEN_MESSAGE, subcode: 0 },
    });
    return;
  }
  if (!resolveCollision(s, slot, neg)) return;
  slot.negotiated = neg;
  slot.codec = neg.codec;
  slot.conn?.setMaxMessageLength(neg.extendedMessage ? 65535 : 4096);
  const delayed = slot.timers.running("delayOpen");
  const event: FsmEvent = {
    type: delayed ? "BGPOpen_with_DelayOpenTimer_running" : "BGPOpen",
    holdTime: neg.holdTime,
    keepaliveTime: neg.keepaliveTime,
  };
  s.dispatch(slot, event);
}

/**
 * RFC 4271 §6.8 when a valid OPEN arrives while another connection to the same peer exists.
 * Returns false when `slot` itself lost and was closed.
 */
function resolveCollision(s: BgpSession, slot: Slot, neg: NegotiatedSession): boolean {
  const other = s.otherSlot(slot);
  if (!other) return true;
  if (!other.conn && !other.pending) {
    // Nothing to collide with (our connect failed meanwhile): the tracked connection takes over.
    if (other === s.main) s.promote(slot);
    return true;
  }
  const dump = (loser: Slot): void => {
    loser.silent = true;
    s.noteDown(new BgpSessionError("connection collision", SessionErrorCode.FSM));
    s.dispatch(loser, { type: "OpenCollisionDump" });
  };
  if (other.fsm.state === "Established") {
    // RFC 4724 §4.2: with graceful restart a new connection means the peer restarted; the old
    // session ends (its routes kept as stale) and the new one carries on. Otherwise the new
    // connection is the one to close (§6.8).
    if (slot === s.second && s.main.negotiated?.gracefulRestart) {
      s.noteDown(new BgpSessionError("peer restarted (new connection)", SessionErrorCode.CONNECTION_FAILED));
      s.dispatch(s.main, { type: "TcpConnectionFails" });
      s.promote(slot);
      return true;
    }
    dump(slot);
    return false;
  }
  const keep = collisionWinner(s.routerId, neg.peerBgpId);
  if (!other.conn) {
    // The other is our connect still in progress: the identifiers decide as in §6.8, so both
    // sides pick the same connection.
    if (slot.origin === keep) {
      other.pending?.destroy();
      other.pending = null;
      if (other === s.main) s.promote(slot);
      return true;
    }
    dump(slot);
    return false;
  }
  const loser = slot.origin === other.origin ? slot : slot.origin === keep ? other : slot;
  s.emit("log", "info", `${s.name}: connection collision, keeping the ${keep} connection`);
  const winner = loser === slot ? other : slot;
  const before = s.main.fsm.state;
  dump(loser);
  if (loser === s.main) s.promote(winner, before);
  else s.discardSecond(null);
  return loser !== slot;
}

/** The `update:received` meta of an ordinary UPDATE and of a treat-as-withdraw one (shared). */
const META_PLAIN: UpdateMeta = Object.freeze({ treatAsWithdraw: false, endOfRib: null });
const META_WITHDRAW: UpdateMeta = Object.freeze({ treatAsWithdraw: true, endOfRib: null });

function onUpdate(s: BgpSession, slot: Slot, msg: UpdateMessage): void {
  if (slot.fsm.state !== "Established") {
    // An UPDATE before Established is unexpected: the FSM answers with an FSM error (RFC 6608).
    s.dispatch(slot, { type: "UpdateMsg" });
    return;
  }
  const action = msg.action;
  if (action === "session-reset" || action === "afi-safi-disable") {
    // RFC 7606 §3: the strongest action wins; we treat AFI/SAFI disable as a session reset.
    const p = msg.problems?.find((x) => x.action === action) ?? msg.problems?.[0];
    const n = info(notificationFromError(p));
    s.noteDown(
      new BgpSessionError(`malformed UPDATE from ${s.name}`, SessionErrorCode.MALFORMED_MESSAGE, n, p),
    );
    s.dispatch(slot, { type: "UpdateMsgErr", error: n });
    return;
  }
  const treatAsWithdraw = action === "treat-as-withdraw";
  // A lazily decoded UPDATE counts its prefixes without making an object per prefix, and says
  // whether it has MP_REACH/MP_UNREACH without decoding its attributes (a clean one is then
  // never decoded here: `action` above did not decode it either).
  const lazy = msg as Partial<LazyUpdateMessage>;
  const mp = lazy.hasMpAttributes ?? true;
  const mpReach = mp ? msg.attributes.mpReach : undefined;
  const mpUnreach = mp ? msg.attributes.mpUnreach : undefined;
  const announced = (lazy.nlriCount ?? msg.nlri.length) + (mpReach?.nlri.length ?? 0);
  const withdrawn = (lazy.withdrawnCount ?? msg.withdrawn.length) + (mpUnreach?.withdrawn.length ?? 0);
  const endOfRib = announced === 0 && withdrawn === 0 ? isEndOfRib(msg) : null;
  s.counters.prefixesReceived += treatAsWithdraw ? 0 : announced;
  s.counters.prefixesWithdrawn += withdrawn + (treatAsWithdraw ? announced : 0);

  let exceeded = false;
  const limit = s.peer.maxPrefixes;
  if (s.prefixes && limit !== undefined) {
    const p = s.prefixes;
    const reachFamily: FamilyKey | null = mpReach ? `${mpReach.afi}/${mpReach.safi}` : null;
    p.withdraw(msg.withdrawn);
    if (mpUnreach) p.withdraw(mpUnreach.withdrawn, `${mpUnreach.afi}/${mpUnreach.safi}`);
    if (treatAsWithdraw) {
      p.withdraw(msg.nlri);
      if (reachFamily && mpReach) p.withdraw(mpReach.nlri, reachFamily);
    } else {
      p.announce(msg.nlri);
      if (reachFamily && mpReach) p.announce(mpReach.nlri, reachFamily);
    }
    exceeded = p.size > limit;
  }
  const meta =
    endOfRib === null ? (treatAsWithdraw ? META_WITHDRAW : META_PLAIN) : { treatAsWithdraw, endOfRib };
  // The state is Established (checked above). What step() makes of UpdateMsg there (RFC 4271
  // §8.2.2) is carried out without building the transition: process the UPDATE, then restart
  // the HoldTimer (not running with a zero hold time), in that order, as dispatch would. A full
  // table is ~200k UPDATEs, and each transition (event, state copy, action objects) was ~0.9 KB
  // of garbage: ~190 MB of a 1M-prefix ingest. slot.fsm stays as it is: its `timers` say which
  // timers run, and the HoldTimer already runs in Established (a test checks the restart).
  s.emit("update:received", msg, meta);
  const hold = slot.fsm.holdTime;
  // From the time the message's chunk arrived (Connection.rxAt): no clock read per UPDATE.
  if (hold > 0) slot.timers.start("hold", hold, slot.conn?.rxAt);
  if (endOfRib) {
    s.emit("end-of-rib:received", endOfRib);
    s.gr.endOfRib(endOfRib);
  }
  if (exceeded && limit !== undefined) {
    const fam = splitFamily(mpReach ? `${mpReach.afi}/${mpReach.safi}` : "1/1");
    // RFC 4486 §4: AFI (2 octets), SAFI (1), the configured upper bound (4).
    const data = new Uint8Array([
      fam.afi >> 8,
      fam.afi & 255,
      fam.safi,
      limit >>> 24,
      (limit >>> 16) & 255,
      (limit >>> 8) & 255,
      limit & 255,
    ]);
    const n: NotificationInfo = {
      code: ErrorCode.CEASE,
      subcode: CeaseSubcode.MAXIMUM_PREFIXES_REACHED,
      data,
    };
    s.noteDown(new BgpSessionError(`${s.name} exceeded ${limit} prefixes`, SessionErrorCode.MAX_PREFIX, n));
    s.dispatch(slot, { type: "AutomaticStop", notification: n });
  }
}
