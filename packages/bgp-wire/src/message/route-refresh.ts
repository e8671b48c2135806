/**
 * ROUTE-REFRESH body codec (RFC 2918 §3, RFC 7313 §3.2 for the subtype byte, RFC 5291 §4 for
 * ORF entries after the fixed part).
 * ```
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      |Subtype| SAFI  |
 * +-------+-------+-------+-------+
 * ```
 */
import { BgpWireError, ErrorCode } from "../errors.js";
import type { RouteRefreshMessage } from "../types/messages.js";
import type { ByteWriter } from "../writer.js";
import { RouteRefreshErrorSubcode, RouteRefreshSubtype } from "./notification-codes.js";
import { checkUint, u16 } from "./read-write.js";

const ERR = { code: ErrorCode.ROUTE_REFRESH_MESSAGE, subcode: 0 } as const;

/**
 * Decodes a ROUTE-REFRESH body. A BoRR or EoRR whose body is not exactly 4 bytes is a
 * ROUTE-REFRESH Message Error / Invalid Message Length whose data is the whole message
 * (RFC 7313 §5). Unknown subtypes decode normally: the FSM must ignore them (RFC 7313 §5).
 * @param message the whole message (header included), for the error's data field
 */
export function decodeRouteRefreshBody(body: Uint8Array, message: Uint8Array): RouteRefreshMessage {
  const subtype = body[2] ?? 0;
  const bad =
    body.length < 4 ||
    ((subtype === RouteRefreshSubtype.BORR || subtype === RouteRefreshSubtype.EORR) && body.length !== 4);
  if (bad) {
    throw new BgpWireError(`ROUTE-REFRESH subtype ${subtype} with a ${body.length}-byte body`, {
      code: ErrorCode.ROUTE_REFRESH_MESSAGE,
      subcode: RouteRefreshErrorSubcode.INVALID_MESSAGE_LENGTH,
      data: message.slice(),
      offset: 16,
    });
  }
  const base = { type: "ROUTE_REFRESH", afi: u16(body, 0), safi: body[3]!, subtype } as const;
  return body.length > 4 ? { ...base, orf: body.subarray(4) } : base;
}

/** Appends a ROUTE-REFRESH body. */
export function encodeRouteRefreshBody(w: ByteWriter, msg: RouteRefreshMessage): void {
  checkUint(msg.afi, 16, "AFI", ERR);
  checkUint(msg.subtype, 8, "subtype", ERR);
  checkUint(msg.safi, 8, "SAFI", ERR);
  w.u16(msg.afi);
  w.u8(msg.subtype);
  w.u8(msg.safi);
  if (msg.orf !== undefined && msg.orf.length > 0) w.bytes(msg.orf);
}
