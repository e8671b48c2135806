/**
 * The one function that turns an error into the NOTIFICATION to send (STYLE.md: exactly one).
 */
import { ErrorCode, isBgpWireError } from "../errors.js";
import type { NotificationMessage } from "../types/messages.js";

/** Shape an upper-layer error may expose to choose its NOTIFICATION (e.g. a session error). */
interface CarriesNotification {
  readonly notification: { readonly code: number; readonly subcode: number; readonly data?: Uint8Array };
}

function carriesNotification(e: unknown): e is CarriesNotification {
  if (typeof e !== "object" || e === null || !("notification" in e)) return false;
  const n = (e as { notification: unknown }).notification;
  return (
    typeof n === "object" &&
    n !== null &&
    typeof (n as { code?: unknown }).code === "number" &&
    typeof (n as { subcode?: unknown }).subcode === "number"
  );
}

/**
 * The NOTIFICATION that reports `err`:
 * - a `BgpWireError` gives its code, subcode and data (RFC 4271 §6);
 * - an object with a `notification: { code, subcode, data? }` field (how upper layers such as
 *   the FSM attach one to their own errors) gives that;
 * - anything else is an internal failure with no RFC code: Cease / Unspecific (RFC 4271 §4.5
 *   subcode 0, "no appropriate subcode"), with no data, so nothing internal leaks to the peer.
 */
export function notificationFromError(err: unknown): NotificationMessage {
  if (isBgpWireError(err)) {
    return { type: "NOTIFICATION", code: err.code, subcode: err.subcode, data: err.data };
  }
  if (carriesNotification(err)) {
    const n = err.notification;
    return { type: "NOTIFICATION", code: n.code, subcode: n.subcode, data: n.data ?? new Uint8Array(0) };
  }
  return { type: "NOTIFICATION", code: ErrorCode.CEASE, subcode: 0, data: new Uint8Array(0) };
}
