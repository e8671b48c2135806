/**
 * Constructors of the errors the FSM raises after decoding: OPEN semantics (RFC 4271 §6.2,
 * RFC 5492 §5, RFC 9234 §4.2), timers (RFC 4271 §6.5, RFC 9687), unexpected messages
 * (RFC 6608) and Cease (RFC 4486). Each returns a `BgpWireError`, so `notificationFromError`
 * stays the one place that turns errors into NOTIFICATIONs.
 */
import { messageTypeName } from "../constants.js";
import { BgpWireError, ErrorCode, OpenSubcode } from "../errors.js";
import type { Capability } from "../types/capabilities.js";
import { encodeCapabilityList } from "./capability-list.js";
import { CeaseSubcode, FsmSubcode } from "./notification-codes.js";
import { describeNotification } from "./notification-names.js";

function make(code: number, subcode: number, detail?: string, data?: Uint8Array): BgpWireError {
  const text = describeNotification(code, subcode);
  return new BgpWireError(detail === undefined ? text : `${text}: ${detail}`, {
    code,
    subcode,
    ...(data !== undefined ? { data } : {}),
  });
}

/**
 * Unsupported Version Number; the data is the largest locally supported version below the one
 * the peer bid, as 2 octets (RFC 4271 §6.2).
 */
export function unsupportedVersionError(peerVersion: number, supported = 4): BgpWireError {
  return make(
    ErrorCode.OPEN_MESSAGE,
    OpenSubcode.UNSUPPORTED_VERSION_NUMBER,
    `peer bid version ${peerVersion}`,
    new Uint8Array([supported >> 8, supported & 0xff]),
  );
}

/** Bad Peer AS (RFC 4271 §6.2): the OPEN's AS is not the configured one. */
export function badPeerAsError(detail?: string): BgpWireError {
  return make(ErrorCode.OPEN_MESSAGE, OpenSubcode.BAD_PEER_AS, detail);
}

/** Bad BGP Identifier (RFC 4271 §6.2, RFC 6286 §2.2). */
export function badBgpIdentifierError(detail?: string): BgpWireError {
  return make(ErrorCode.OPEN_MESSAGE, OpenSubcode.BAD_BGP_IDENTIFIER, detail);
}

/** Unsupported Optional Parameter (RFC 4271 §6.2): an optional parameter other than capabilities. */
export function unsupportedOptionalParameterError(detail?: string): BgpWireError {
  return make(ErrorCode.OPEN_MESSAGE, OpenSubcode.UNSUPPORTED_OPTIONAL_PARAMETER, detail);
}

/** Unacceptable Hold Time (RFC 4271 §6.2): 1 or 2 seconds, or refused by local policy. */
export function unacceptableHoldTimeError(holdTime: number): BgpWireError {
  return make(ErrorCode.OPEN_MESSAGE, OpenSubcode.UNACCEPTABLE_HOLD_TIME, `hold time ${holdTime}`);
}

/**
 * Unsupported Capability (RFC 5492 §5): the data lists the capabilities that caused it, encoded
 * as in OPEN.
 */
export function unsupportedCapabilityError(caps: readonly Capability[]): BgpWireError {
  return make(
    ErrorCode.OPEN_MESSAGE,
    OpenSubcode.UNSUPPORTED_CAPABILITY,
    `capabilities ${caps.map((c) => c.code).join(",")}`,
    encodeCapabilityList(caps),
  );
}

/** Role Mismatch (RFC 9234 §4.2). */
export function roleMismatchError(detail?: string): BgpWireError {
  return make(ErrorCode.OPEN_MESSAGE, OpenSubcode.ROLE_MISMATCH, detail);
}

/** Hold Timer Expired (RFC 4271 §6.5). */
export function holdTimerExpiredError(): BgpWireError {
  return make(ErrorCode.HOLD_TIMER_EXPIRED, 0);
}

/** Send Hold Timer Expired (RFC 9687 §4): the peer has not read our messages for too long. */
export function sendHoldTimerExpiredError(): BgpWireError {
  return make(ErrorCode.SEND_HOLD_TIMER_EXPIRED, 0);
}

/** FSM states in which RFC 6608 names an unexpected-message subcode. */
export type FsmErrorState = "OpenSent" | "OpenConfirm" | "Established";

const stateSubcode: Readonly<Record<FsmErrorState, number>> = {
  OpenSent: FsmSubcode.UNEXPECTED_MESSAGE_IN_OPENSENT,
  OpenConfirm: FsmSubcode.UNEXPECTED_MESSAGE_IN_OPENCONFIRM,
  Established: FsmSubcode.UNEXPECTED_MESSAGE_IN_ESTABLISHED,
};

/**
 * Finite State Machine Error for a message not allowed in `state`; the data is the message
 * type as one octet (RFC 6608 §3). Without a state it is the Unspecified Error subcode.
 */
export function unexpectedMessageError(messageType: number, state?: FsmErrorState): BgpWireError {
  const subcode = state === undefined ? FsmSubcode.UNSPECIFIED : stateSubcode[state];
  return make(
    ErrorCode.FSM,
    subcode,
    `${messageTypeName(messageType)}${state === undefined ? "" : ` in ${state}`}`,
    new Uint8Array([messageType & 0xff]),
  );
}

/**
 * A Cease (RFC 4486 §4). For Maximum Number of Prefixes Reached the data should be AFI (2),
 * SAFI (1) and the limit (4) (RFC 4486 §4); for shutdown texts use `shutdownNotification`.
 */
export function ceaseError(subcode: number, data?: Uint8Array, detail?: string): BgpWireError {
  return make(ErrorCode.CEASE, subcode, detail, data);
}

/** Maximum Number of Prefixes Reached with its RFC 4486 §4 data: AFI, SAFI, upper bound. */
export function maxPrefixesError(afi: number, safi: number, limit: number): BgpWireError {
  const data = new Uint8Array(7);
  const dv = new DataView(data.buffer);
  dv.setUint16(0, afi);
  dv.setUint8(2, safi);
  dv.setUint32(3, limit >>> 0);
  return make(ErrorCode.CEASE, CeaseSubcode.MAXIMUM_PREFIXES_REACHED, `${afi}/${safi} over ${limit}`, data);
}
