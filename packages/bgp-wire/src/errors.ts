/**
 * The one error type of the codec. Everything that decodes hostile bytes throws (or returns)
 * only `BgpWireError`, never a `RangeError` from a DataView: callers map it to a NOTIFICATION
 * with `notificationFromError` and never need a second catch clause.
 */

/** NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313 §5, RFC 9687). */
export const ErrorCode = {
  MESSAGE_HEADER: 1,
  OPEN_MESSAGE: 2,
  UPDATE_MESSAGE: 3,
  HOLD_TIMER_EXPIRED: 4,
  FSM: 5,
  CEASE: 6,
  ROUTE_REFRESH_MESSAGE: 7,
  /** Send Hold Timer Expired (RFC 9687 §4). */
  SEND_HOLD_TIMER_EXPIRED: 8,
} as const;

/** Message Header Error subcodes (RFC 4271 §6.1). */
export const HeaderSubcode = {
  CONNECTION_NOT_SYNCHRONIZED: 1,
  BAD_MESSAGE_LENGTH: 2,
  BAD_MESSAGE_TYPE: 3,
} as const;

/** OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492, RFC 9234). */
export const OpenSubcode = {
  UNSUPPORTED_VERSION_NUMBER: 1,
  BAD_PEER_AS: 2,
  BAD_BGP_IDENTIFIER: 3,
  UNSUPPORTED_OPTIONAL_PARAMETER: 4,
  UNACCEPTABLE_HOLD_TIME: 6,
  UNSUPPORTED_CAPABILITY: 7,
  ROLE_MISMATCH: 11,
} as const;

/** UPDATE Message Error subcodes (RFC 4271 §6.3). */
export const UpdateSubcode = {
  MALFORMED_ATTRIBUTE_LIST: 1,
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE: 2,
  MISSING_WELL_KNOWN_ATTRIBUTE: 3,
  ATTRIBUTE_FLAGS_ERROR: 4,
  ATTRIBUTE_LENGTH_ERROR: 5,
  INVALID_ORIGIN_ATTRIBUTE: 6,
  INVALID_NEXT_HOP_ATTRIBUTE: 8,
  OPTIONAL_ATTRIBUTE_ERROR: 9,
  INVALID_NETWORK_FIELD: 10,
  MALFORMED_AS_PATH: 11,
} as const;

/**
 * What RFC 7606 says to do with a malformed UPDATE, weakest first. When one UPDATE has several
 * problems the strongest action wins (RFC 7606 §3 (h)); `strongerAction` implements that order.
 */
export const Rfc7606Action = {
  /** Drop the one attribute and go on (RFC 7606 §2, "attribute discard"). */
  ATTRIBUTE_DISCARD: "attribute-discard",
  /** Treat every NLRI of the UPDATE as withdrawn (RFC 7606 §2). */
  TREAT_AS_WITHDRAW: "treat-as-withdraw",
  /** Disable the AFI/SAFI (RFC 4760 §7); we treat it as a session reset unless told otherwise. */
  AFI_SAFI_DISABLE: "afi-safi-disable",
  /** Send a NOTIFICATION and close the session (RFC 4271 §6). */
  SESSION_RESET: "session-reset",
} as const;
/** One of the RFC 7606 actions. */
export type Rfc7606ActionName = (typeof Rfc7606Action)[keyof typeof Rfc7606Action];

const actionRank: Record<Rfc7606ActionName, number> = {
  "attribute-discard": 1,
  "treat-as-withdraw": 2,
  "afi-safi-disable": 3,
  "session-reset": 4,
};

/** The stronger of two RFC 7606 actions (RFC 7606 §3 (h)). */
export function strongerAction(a: Rfc7606ActionName, b: Rfc7606ActionName): Rfc7606ActionName {
  return actionRank[a] >= actionRank[b] ? a : b;
}

/** Options for constructing a {@link BgpWireError}. */
export interface BgpWireErrorInit {
  /** NOTIFICATION error code (RFC 4271 §4.5). */
  readonly code: number;
  /** NOTIFICATION error subcode. */
  readonly subcode: number;
  /** NOTIFICATION data field: owned bytes (copied from the input where the RFC says "the erroneous ..."). */
  readonly data?: Uint8Array;
  /** Byte offset in the input where the problem was found, for logs and fuzz triage. */
  readonly offset?: number;
  /** What RFC 7606 says to do; defaults to a session reset. */
  readonly action?: Rfc7606ActionName;
}

/**
 * A decoding or encoding failure, carrying the NOTIFICATION that reports it and the RFC 7606
 * action to take. Its `name` is stable (`"BgpWireError"`) so it survives bundling and realms.
 */
export class BgpWireError extends Error {
  /** Stable class name, for `err.name === "BgpWireError"` checks across bundles. */
  override readonly name = "BgpWireError";
  /** NOTIFICATION error code. */
  readonly code: number;
  /** NOTIFICATION error subcode. */
  readonly subcode: number;
  /** NOTIFICATION data (owned copy). */
  readonly data: Uint8Array;
  /** Offset of the fault in the decoded input, or -1 if unknown. */
  readonly offset: number;
  /** RFC 7606 action to take. */
  readonly action: Rfc7606ActionName;

  /** Creates an error from a human message and the NOTIFICATION fields. */
  constructor(message: string, init: BgpWireErrorInit) {
    super(message);
    this.code = init.code;
    this.subcode = init.subcode;
    this.data = init.data ?? new Uint8Array(0);
    this.offset = init.offset ?? -1;
    this.action = init.action ?? Rfc7606Action.SESSION_RESET;
  }
}

/** True if `e` is a {@link BgpWireError} (works across duplicated copies of the package). */
export function isBgpWireError(e: unknown): e is BgpWireError {
  return e instanceof BgpWireError || (e instanceof Error && e.name === "BgpWireError");
}
