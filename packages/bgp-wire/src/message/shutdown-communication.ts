/**
 * The Shutdown Communication of a Cease / Administrative Shutdown or Administrative Reset
 * (RFC 9003 §2, which raised RFC 8203's 128-byte limit to 255): a length byte, then that many
 * bytes of UTF-8 text.
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code 6  |    Subcode    |    Length     |     ...       \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               /
 * \                                                               \
 * /                 ... Shutdown Communication ...                /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { BgpWireError, ErrorCode } from "../errors.js";
import type { NotificationMessage } from "../types/messages.js";
import { CeaseSubcode } from "./notification-codes.js";

/** Longest Shutdown Communication in bytes (RFC 9003 §2). */
export const MAX_SHUTDOWN_COMMUNICATION_LENGTH = 255;

/** What a Shutdown Communication data field held. */
export type ShutdownCommunication =
  | {
      readonly valid: true;
      /** The operator's message. */
      readonly text: string;
      /** Bytes after the communication, which RFC 9003 does not define (view into the data). */
      readonly trailing: Uint8Array;
    }
  | {
      /**
       * RFC 9003 §2 asks to log an invalid length or UTF-8 sequence, with a hex dump of the data,
       * rather than fail: `reason` says which.
       */
      readonly valid: false;
      readonly reason: "length" | "utf8";
    };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** True for Cease subcodes that may carry a Shutdown Communication (RFC 9003 §2). */
export function carriesShutdownCommunication(code: number, subcode: number): boolean {
  return (
    code === ErrorCode.CEASE &&
    (subcode === CeaseSubcode.ADMINISTRATIVE_SHUTDOWN || subcode === CeaseSubcode.ADMINISTRATIVE_RESET)
  );
}

/**
 * Reads the Shutdown Communication of a NOTIFICATION. Returns `undefined` when the message
 * cannot carry one (not Cease 2 or 4) or carries none (empty data: RFC 9003 makes it optional).
 * A zero length byte is a valid empty communication.
 */
export function readShutdownCommunication(msg: NotificationMessage): ShutdownCommunication | undefined {
  if (!carriesShutdownCommunication(msg.code, msg.subcode) || msg.data.length === 0) return undefined;
  const len = msg.data[0]!;
  if (1 + len > msg.data.length) return { valid: false, reason: "length" };
  try {
    const text = utf8.decode(msg.data.subarray(1, 1 + len));
    return { valid: true, text, trailing: msg.data.subarray(1 + len) };
  } catch {
    return { valid: false, reason: "utf8" };
  }
}

/**
 * Encodes `text` as a Shutdown Communication data field (owned bytes). Throws a BgpWireError
 * (Cease / Unspecific) when its UTF-8 form exceeds 255 bytes (RFC 9003 §2): shorten it first.
 */
export function encodeShutdownCommunication(text: string): Uint8Array {
  const bytes = utf8Encoder.encode(text);
  if (bytes.length > MAX_SHUTDOWN_COMMUNICATION_LENGTH) {
    throw new BgpWireError(`shutdown communication of ${bytes.length} bytes exceeds 255 (RFC 9003 §2)`, {
      code: ErrorCode.CEASE,
      subcode: 0,
    });
  }
  const out = new Uint8Array(1 + bytes.length);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

/**
 * A Cease NOTIFICATION for an Administrative Shutdown (subcode 2, the default) or Reset (4)
 * with an optional Shutdown Communication (RFC 9003 §2).
 */
export function shutdownNotification(
  text?: string,
  subcode: 2 | 4 = CeaseSubcode.ADMINISTRATIVE_SHUTDOWN,
): NotificationMessage {
  return {
    type: "NOTIFICATION",
    code: ErrorCode.CEASE,
    subcode,
    data: text === undefined ? new Uint8Array(0) : encodeShutdownCommunication(text),
  };
}
