/**
 * The one error class of route-sync. Every failure a user can see — bad input, a kernel
 * refusal, a missing permission, a closed socket — is a `RouteSyncError` with a stable `code`.
 * @module
 */
import { constants } from "node:os";

/** Stable error codes of {@link RouteSyncError}. */
export const RouteSyncErrorCode = {
  /** The route is malformed (bad prefix, missing next hop, ...); nothing was sent. */
  INVALID_ROUTE: "INVALID_ROUTE",
  /** The kernel refused a request; `errno` says why. */
  KERNEL: "KERNEL",
  /** Not root / no CAP_NET_ADMIN (EPERM or EACCES from the kernel or socket). */
  PERMISSION: "PERMISSION",
  /** The netlink socket failed (send, receive, overrun) or could not be opened. */
  TRANSPORT: "TRANSPORT",
  /** The kernel did not answer in time. */
  TIMEOUT: "TIMEOUT",
  /** The sync or backend was closed. */
  CLOSED: "CLOSED",
  /** This platform has no rtnetlink (not Linux) or the native socket could not be loaded. */
  UNSUPPORTED: "UNSUPPORTED",
} as const;
/** One of {@link RouteSyncErrorCode}'s values. */
export type RouteSyncErrorCode = (typeof RouteSyncErrorCode)[keyof typeof RouteSyncErrorCode];

const errnoNames = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno))
  if (!errnoNames.has(value)) errnoNames.set(value, name);

/** Symbolic name of a positive errno (`101` -> `ENETUNREACH`), or `E<number>` if unknown. */
export function errnoName(errno: number): string {
  return errnoNames.get(errno) ?? `E${errno}`;
}

/** Short descriptions of the errnos route programming commonly hits (strerror text). */
const errnoText: Readonly<Record<string, string>> = {
  EPERM: "operation not permitted",
  EACCES: "permission denied",
  ENETUNREACH: "network unreachable: gateway not on a connected subnet (onlink?)",
  ENODEV: "no such device",
  ESRCH: "no such route",
  EEXIST: "route exists (owned by another protocol?)",
  EINVAL: "invalid argument",
  EHOSTUNREACH: "no route to host",
  ENOBUFS: "netlink receive buffer overrun",
  EAFNOSUPPORT: "address family not supported",
};

/** Options of a {@link RouteSyncError}. */
export interface RouteSyncErrorInit {
  /** Positive errno from the kernel or a syscall. */
  readonly errno?: number;
  /** Text form of the route concerned (see `formatRoute`). */
  readonly route?: string;
  /** The operation that failed (`add`, `replace`, `remove`, `dump`, ...). */
  readonly op?: string;
  /** Underlying error. */
  readonly cause?: unknown;
}

/** The message shown when the kernel refuses for lack of privilege. */
export const PERMISSION_MESSAGE = "needs root or CAP_NET_ADMIN to change kernel routes";

/**
 * Error of the route-sync layer: stable `name` ("RouteSyncError") and `code`, plus the errno
 * name (`ENETUNREACH`) and the route it concerns when there is one.
 * Permission errors carry a one-line `stack` so an uncaught one prints one clear line.
 */
export class RouteSyncError extends Error {
  override readonly name = "RouteSyncError";
  /** Stable machine-readable code. */
  readonly code: RouteSyncErrorCode;
  /** Positive errno, when the kernel or a syscall reported one. */
  readonly errno: number | undefined;
  /** Symbolic errno (`ENODEV`), when known. */
  readonly errnoName: string | undefined;
  /** The route (text form) the error concerns. */
  readonly route: string | undefined;
  /** The operation that failed. */
  readonly op: string | undefined;

  constructor(code: RouteSyncErrorCode, message: string, init: RouteSyncErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.errno = init.errno;
    this.errnoName = init.errno === undefined ? undefined : errnoName(init.errno);
    this.route = init.route;
    this.op = init.op;
    if (code === RouteSyncErrorCode.PERMISSION) this.stack = `${this.name} [${code}]: ${message}`;
  }

  /**
   * Builds the error for a kernel errno: EPERM/EACCES become PERMISSION with one clear message,
   * anything else KERNEL naming the route, the operation and the errno.
   */
  static fromErrno(errno: number, init: Omit<RouteSyncErrorInit, "errno"> = {}): RouteSyncError {
    const name = errnoName(errno);
    const what = [init.op, init.route].filter(Boolean).join(" ");
    if (name === "EPERM" || name === "EACCES") {
      return new RouteSyncError("PERMISSION", what ? `${what}: ${PERMISSION_MESSAGE}` : PERMISSION_MESSAGE, {
        ...init,
        errno,
      });
    }
    const text = errnoText[name];
    const detail = text ? `${name} (${text})` : name;
    return new RouteSyncError("KERNEL", what ? `${what}: ${detail}` : detail, { ...init, errno });
  }
}

/** True if `e` is a {@link RouteSyncError} (also across duplicate module copies). */
export function isRouteSyncError(e: unknown): e is RouteSyncError {
  return e instanceof Error && e.name === "RouteSyncError" && "code" in e;
}
