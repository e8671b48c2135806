/**
 * Ending a session locally: with a Cease (RFC 4486, the ordinary stop) or, for a restarting
 * speaker, with no NOTIFICATION at all (RFC 4724 §4.1). Both resolve once the TCP connections
 * of the session are closed.
 */
import type { Socket } from "node:net";
import { BgpSessionError, type NotificationInfo, SessionErrorCode } from "../errors.js";
import type { BgpSession } from "./session.js";
import type { RestartStopOptions } from "./session-init.js";

/** The sockets of the session's connections, to wait for their closing. */
function sockets(s: BgpSession): Socket[] {
  const out: Socket[] = [];
  for (const slot of [s.main, s.second]) if (slot?.conn) out.push(slot.conn.socket);
  return out;
}

function allClosed(list: readonly Socket[]): Promise<void> {
  return Promise.all(
    list.map((k) => (k.closed ? Promise.resolve() : new Promise<void>((r) => k.once("close", () => r())))),
  ).then(() => undefined);
}

/** Stops with Cease `n`: routes learned from the peer are flushed, no automatic restart. */
export async function stopWithCease(s: BgpSession, n: NotificationInfo): Promise<void> {
  const open = sockets(s);
  s.discardSecond(n);
  s.gr.localStop();
  s.noteDown(new BgpSessionError(`stopped locally with ${n.code}/${n.subcode}`, SessionErrorCode.CLOSED, n));
  s.dispatch(s.main, { type: "ManualStop", notification: n });
  s.main.timers.stopAll();
  // Routes still kept stale from an earlier restart of the peer go too.
  s.gr.purgeAll();
  await allClosed(open);
}

/**
 * Stops as a restarting speaker: no NOTIFICATION, the peer's routes kept as stale for our
 * restart time, and our next OPENs marked with the Restart State bit (when configured).
 */
export async function stopForRestart(s: BgpSession, options: RestartStopOptions): Promise<void> {
  const open = sockets(s);
  s.discardSecond(null);
  if (s.restart.configured) s.restart.begin(options.forwardingPreserved);
  s.gr.localRestart(s.restart.restartTime);
  s.noteDown(new BgpSessionError("stopped locally for a graceful restart", SessionErrorCode.CLOSED));
  s.dispatch(s.main, { type: "ManualStop", withoutNotification: true });
  s.main.timers.stopAll();
  await allClosed(open);
}
