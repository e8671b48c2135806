/**
 * Whole-message decoding: header checks (RFC 4271 §6.1), then dispatch on the type. UPDATE
 * bodies go to the UPDATE codec (`update.ts`); the other bodies are decoded here.
 */
import { Limits, MessageType } from "../constants.js";
import type { CodecContext } from "../context.js";
import type { BgpMessage } from "../types/messages.js";
import { checkHeader, lengthMismatch, maxMessageLength } from "./header.js";
import { decodeNotificationBody } from "./notification.js";
import { decodeOpenBody } from "./open.js";
import { decodeRouteRefreshBody } from "./route-refresh.js";
import { decodeUpdateBodyAt } from "./update.js";

const KEEPALIVE: BgpMessage = Object.freeze({ type: "KEEPALIVE" });

/**
 * Decodes one whole message (header included), e.g. as returned by `MessageFramer.push` or
 * read from an MRT record. Fields documented as views alias `bytes` (NOTIFICATION data, raw
 * capabilities and parameters, ORF entries, UPDATE sections): to keep a message beyond the life
 * of its input buffer, decode a copy (`decodeMessage(bytes.slice(), ctx)`). Throws only
 * `BgpWireError`: turn it into the NOTIFICATION to send with `notificationFromError`.
 * @param bytes exactly one message: its Length field must equal `bytes.length`
 * @param ctx negotiated session state (message size limit, AS width, ADD-PATH, ...)
 */
export function decodeMessage(bytes: Uint8Array, ctx: CodecContext): BgpMessage {
  return decodeMessageAt(bytes, 0, bytes.length, ctx);
}

/**
 * {@link decodeMessage} for the message `bytes[from, to)`, read in place: an UPDATE's `bytes`
 * is `bytes` itself with its sections as indexes of it, so no view of the message is needed
 * (what a session does with the ranges `MessageFramer.pushRanges` returns). Error offsets are
 * indexes of `bytes`.
 * @param to the message's end: its Length field must equal `to - from`
 */
export function decodeMessageAt(bytes: Uint8Array, from: number, to: number, ctx: CodecContext): BgpMessage {
  // A caller's mistake, not bad input: the range must lie inside `bytes`.
  if (!(from >= 0 && from <= to && to <= bytes.length))
    throw new RangeError(`message range [${from}, ${to}) is not inside ${bytes.length} bytes`);
  const length = checkHeader(bytes, from, maxMessageLength(ctx));
  const type = bytes[from + 18]!;
  if (length !== to - from) throw lengthMismatch(length, to - from);
  // An UPDATE is read in place (the common message: no view of its body is made).
  if (type === MessageType.UPDATE)
    return decodeUpdateBodyAt(bytes, from + Limits.HEADER_LENGTH, to, ctx, from + Limits.HEADER_LENGTH);
  const whole = from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to);
  const body = whole.subarray(Limits.HEADER_LENGTH);
  switch (type) {
    case MessageType.OPEN:
      return decodeOpenBody(body, Limits.HEADER_LENGTH);
    case MessageType.NOTIFICATION:
      return decodeNotificationBody(body);
    case MessageType.KEEPALIVE:
      return KEEPALIVE;
    default:
      // checkHeader accepts only the five known types, so this is ROUTE-REFRESH.
      return decodeRouteRefreshBody(body, whole);
  }
}
