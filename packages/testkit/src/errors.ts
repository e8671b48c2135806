/**
 * Stable error codes of the testkit layer.
 *
 * @remarks Tests can branch on `code` instead of matching message text.
 */
export const TestkitErrorCode = {
  /** Not root, or `ip` / a daemon binary is missing. */
  UNAVAILABLE: "UNAVAILABLE",
  /** A command (ip, birdc, vtysh, gobgp, ...) exited non-zero. */
  COMMAND_FAILED: "COMMAND_FAILED",
  /** A wait (daemon ready, session Established, route present) ran out of time. */
  TIMEOUT: "TIMEOUT",
  /** A daemon exited during start-up or could not be started. */
  DAEMON_FAILED: "DAEMON_FAILED",
  /** A daemon's output did not have the expected shape. */
  PARSE_FAILED: "PARSE_FAILED",
  /** A caller passed an option the testkit cannot honour. */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  /** The daemon has no equivalent of the requested feature. */
  UNSUPPORTED: "UNSUPPORTED",
  /** The lab was already destroyed. */
  DESTROYED: "DESTROYED",
} as const;

/** One of the {@link TestkitErrorCode} values. */
export type TestkitErrorCode = (typeof TestkitErrorCode)[keyof typeof TestkitErrorCode];

/** The single error class thrown by `@tsbgp/testkit`. */
export class TestkitError extends Error {
  /** Machine-readable reason, one of {@link TestkitErrorCode}. */
  readonly code: TestkitErrorCode;

  constructor(code: TestkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TestkitError";
    this.code = code;
  }
}
