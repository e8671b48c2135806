/**
 * NOTIFICATION body codec (RFC 4271 §4.5) and the readers of structured data fields: the
 * encapsulated NOTIFICATION of a Hard Reset (RFC 8538 §3).
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ErrorCode } from "../errors.js";
import type { NotificationMessage } from "../types/messages.js";
import type { ByteWriter } from "../writer.js";
import { CeaseSubcode } from "./notification-codes.js";
import { checkUint } from "./read-write.js";

const ERR = { code: ErrorCode.CEASE, subcode: 0 } as const;

/**
 * Decodes a NOTIFICATION body (at least 2 bytes: the header check guarantees it). `data` is a
 * view into `body`. No code is rejected: a NOTIFICATION is never answered (RFC 4271 §6.4).
 */
export function decodeNotificationBody(body: Uint8Array): NotificationMessage {
  return { type: "NOTIFICATION", code: body[0] ?? 0, subcode: body[1] ?? 0, data: body.subarray(2) };
}

/** Appends a NOTIFICATION body. */
export function encodeNotificationBody(w: ByteWriter, msg: NotificationMessage): void {
  checkUint(msg.code, 8, "error code", ERR);
  checkUint(msg.subcode, 8, "error subcode", ERR);
  w.u8(msg.code);
  w.u8(msg.subcode);
  w.bytes(msg.data);
}

/**
 * The NOTIFICATION wrapped in a Cease / Hard Reset (RFC 8538 §3: the data is the code, subcode
 * and data of the underlying reason), or `undefined` when `msg` is not a Hard Reset or its data
 * is shorter than 2 bytes. The inner `data` is a view into `msg.data`.
 */
export function hardResetReason(msg: NotificationMessage): NotificationMessage | undefined {
  if (msg.code !== ErrorCode.CEASE || msg.subcode !== CeaseSubcode.HARD_RESET || msg.data.length < 2) {
    return undefined;
  }
  return { type: "NOTIFICATION", code: msg.data[0]!, subcode: msg.data[1]!, data: msg.data.subarray(2) };
}

/** Wraps a NOTIFICATION into a Cease / Hard Reset one (RFC 8538 §3); the data is copied. */
export function hardResetNotification(inner: Omit<NotificationMessage, "type">): NotificationMessage {
  checkUint(inner.code, 8, "error code", ERR);
  checkUint(inner.subcode, 8, "error subcode", ERR);
  const data = new Uint8Array(2 + inner.data.length);
  data[0] = inner.code;
  data[1] = inner.subcode;
  data.set(inner.data, 2);
  return { type: "NOTIFICATION", code: ErrorCode.CEASE, subcode: CeaseSubcode.HARD_RESET, data };
}
