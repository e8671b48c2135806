/**
 * The 19-byte message header (RFC 4271 §4.1) and its checks (RFC 4271 §6.1). The framer and
 * `decodeMessage` share its checks (`checkHeader`), so a stream and a single buffer fail the same way.
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                           Marker                              |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length               |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { Limits, MessageType } from "../constants.js";
import type { CodecContext } from "../context.js";
import { BgpWireError, ErrorCode, HeaderSubcode } from "../errors.js";

/** The decoded fixed header of one message. */
export interface MessageHeader {
  /** Total message length in bytes, header included (19..65535). */
  readonly length: number;
  /** Message type code (see `MessageType`). */
  readonly type: number;
}

/**
 * Smallest legal total length of each message type (RFC 4271 §4.2-§4.5, RFC 2918 §3): a
 * shorter Length field is a Bad Message Length error (RFC 4271 §6.1).
 */
export const MinMessageLength: Readonly<Record<number, number>> = {
  [MessageType.OPEN]: 29,
  [MessageType.UPDATE]: 23,
  [MessageType.NOTIFICATION]: 21,
  [MessageType.KEEPALIVE]: 19,
  [MessageType.ROUTE_REFRESH]: 23,
};

/** The largest message the context allows: 65535 with RFC 8654 extended messages, else 4096. */
export function maxMessageLength(ctx: Pick<CodecContext, "extendedMessage">): number {
  return ctx.extendedMessage ? Limits.MAX_EXTENDED_MESSAGE_LENGTH : Limits.MAX_MESSAGE_LENGTH;
}

/** Bad Message Length error whose data is the erroneous 2-byte Length field (RFC 4271 §6.1). */
function badLength(length: number, offset: number, why: string): BgpWireError {
  return new BgpWireError(`bad message length ${length}: ${why}`, {
    code: ErrorCode.MESSAGE_HEADER,
    subcode: HeaderSubcode.BAD_MESSAGE_LENGTH,
    data: new Uint8Array([length >> 8, length & 0xff]),
    offset: offset + Limits.MARKER_LENGTH,
  });
}

/**
 * Reads and checks the header at `bytes[at..at+19)`, in the order of RFC 4271 §6.1: marker,
 * length, type, then the length rules of the type. `maxLength` is 4096 or 65535 (RFC 8654);
 * OPEN stays within 4096 either way (RFC 8654 §4). Throws a Message Header Error.
 * @param bytes input holding at least 19 bytes from `at` (fewer is a Bad Message Length)
 */
export function readHeader(bytes: Uint8Array, at: number, maxLength: number): MessageHeader {
  const length = checkHeader(bytes, at, maxLength);
  return { length, type: bytes[at + 18]! };
}

/**
 * {@link readHeader} returning only the length (the type is `bytes[at + 18]`): the framer and
 * the message decoder check a header per message and need no object for it (two per UPDATE
 * were ~17 MB of garbage over a full table). Internal to the package.
 */
export function checkHeader(bytes: Uint8Array, at: number, maxLength: number): number {
  if (bytes.length - at < Limits.HEADER_LENGTH) {
    throw new BgpWireError(`truncated header: ${bytes.length - at} bytes`, {
      code: ErrorCode.MESSAGE_HEADER,
      subcode: HeaderSubcode.BAD_MESSAGE_LENGTH,
      offset: at,
    });
  }
  // One branch for the 16 marker bytes (every message passes here twice on a session's receive
  // path: the framer, then the decoder); the failing byte is looked for only on a failure.
  const marker =
    bytes[at]! &
    bytes[at + 1]! &
    bytes[at + 2]! &
    bytes[at + 3]! &
    bytes[at + 4]! &
    bytes[at + 5]! &
    bytes[at + 6]! &
    bytes[at + 7]! &
    bytes[at + 8]! &
    bytes[at + 9]! &
    bytes[at + 10]! &
    bytes[at + 11]! &
    bytes[at + 12]! &
    bytes[at + 13]! &
    bytes[at + 14]! &
    bytes[at + 15]!;
  if (marker !== 0xff) throw markerError(bytes, at);
  const length = (bytes[at + 16]! << 8) | bytes[at + 17]!;
  const type = bytes[at + 18]!;
  if (length < Limits.MIN_MESSAGE_LENGTH || length > maxLength) {
    throw badLength(length, at, `outside ${Limits.MIN_MESSAGE_LENGTH}..${maxLength}`);
  }
  const min = MinMessageLength[type];
  if (min === undefined) {
    throw new BgpWireError(`bad message type ${type}`, {
      code: ErrorCode.MESSAGE_HEADER,
      subcode: HeaderSubcode.BAD_MESSAGE_TYPE,
      data: new Uint8Array([type]),
      offset: at + 18,
    });
  }
  if (length < min) throw badLength(length, at, `below the minimum ${min} of type ${type}`);
  if (type === MessageType.KEEPALIVE && length !== Limits.HEADER_LENGTH) {
    throw badLength(length, at, "KEEPALIVE must be exactly 19 bytes");
  }
  if (type === MessageType.OPEN && length > Limits.MAX_MESSAGE_LENGTH) {
    throw badLength(length, at, "OPEN may not exceed 4096 bytes (RFC 8654 §4)");
  }
  return length;
}

/** Connection Not Synchronized, at the first marker byte that is not all ones. */
function markerError(bytes: Uint8Array, at: number): BgpWireError {
  let i = 0;
  while (i < Limits.MARKER_LENGTH - 1 && bytes[at + i] === 0xff) i++;
  return new BgpWireError("marker is not all ones", {
    code: ErrorCode.MESSAGE_HEADER,
    subcode: HeaderSubcode.CONNECTION_NOT_SYNCHRONIZED,
    offset: at + i,
  });
}

/** Bad Message Length for a buffer whose size disagrees with its Length field. */
export function lengthMismatch(length: number, actual: number): BgpWireError {
  return badLength(length, 0, `the buffer holds ${actual} bytes`);
}
