/**
 * The session layer's errors: {@link BgpSessionError} for protocol and transport failures of one
 * session, {@link BgpConfigError} for configuration that cannot be used. Both carry a stable
 * `name` and `code` so they survive bundling and cross-realm checks.
 */

/** Stable error codes of {@link BgpSessionError}. */
export const SessionErrorCode = {
  /** The peer's OPEN was not acceptable; `notification` says why (RFC 4271 §6.2). */
  OPEN_REJECTED: "ERR_BGP_OPEN_REJECTED",
  /** The peer sent a malformed message; `notification` is what we sent back. */
  MALFORMED_MESSAGE: "ERR_BGP_MALFORMED_MESSAGE",
  /** The peer sent us a NOTIFICATION. */
  NOTIFICATION_RECEIVED: "ERR_BGP_NOTIFICATION_RECEIVED",
  /** The TCP connection failed or was closed by the peer. */
  CONNECTION_FAILED: "ERR_BGP_CONNECTION_FAILED",
  /** The hold timer expired (RFC 4271 §6.5). */
  HOLD_TIMER_EXPIRED: "ERR_BGP_HOLD_TIMER_EXPIRED",
  /** The session is not in a state that allows the requested operation. */
  NOT_ESTABLISHED: "ERR_BGP_NOT_ESTABLISHED",
  /** The session was closed while an operation waited on it. */
  CLOSED: "ERR_BGP_SESSION_CLOSED",
  /** A finite-state-machine error (RFC 6608). */
  FSM: "ERR_BGP_FSM",
  /** The peer exceeded its configured prefix limit (RFC 4486 §4). */
  MAX_PREFIX: "ERR_BGP_MAX_PREFIX",
} as const;
/** One of the {@link SessionErrorCode} values. */
export type SessionErrorCodeName = (typeof SessionErrorCode)[keyof typeof SessionErrorCode];

/** A NOTIFICATION's code, subcode and data, as carried by errors and FSM actions. */
export interface NotificationInfo {
  readonly code: number;
  readonly subcode: number;
  readonly data?: Uint8Array;
}

/** A failure of one BGP session; other sessions are never affected by it. */
export class BgpSessionError extends Error {
  /** Stable class name. */
  override readonly name = "BgpSessionError";
  /** Stable machine-readable code. */
  readonly code: SessionErrorCodeName;
  /** The NOTIFICATION sent or received because of this error, if any. */
  readonly notification: NotificationInfo | undefined;

  /** Creates a session error; `notification` names the NOTIFICATION tied to it. */
  constructor(message: string, code: SessionErrorCodeName, notification?: NotificationInfo, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.notification = notification;
  }
}

/** A configuration value that cannot be used; `field` is its dotted path, e.g. `peers[0].peerAs`. */
export class BgpConfigError extends Error {
  /** Stable class name. */
  override readonly name = "BgpConfigError";
  /** Stable machine-readable code. */
  readonly code = "ERR_BGP_CONFIG";
  /** Dotted path of the offending field. */
  readonly field: string;
  /** Why the value was refused. */
  readonly reason: string;

  /** Creates a config error naming the field and the reason. */
  constructor(field: string, reason: string) {
    super(`invalid config: ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** True if `e` is a {@link BgpSessionError} (also across duplicated copies of the package). */
export function isBgpSessionError(e: unknown): e is BgpSessionError {
  return e instanceof BgpSessionError || (e instanceof Error && e.name === "BgpSessionError");
}

/** True if `e` is a {@link BgpConfigError} (also across duplicated copies of the package). */
export function isBgpConfigError(e: unknown): e is BgpConfigError {
  return e instanceof BgpConfigError || (e instanceof Error && e.name === "BgpConfigError");
}
