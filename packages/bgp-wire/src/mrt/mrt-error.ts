/**
 * The error of the MRT layer. MRT framing problems are not BGP protocol errors: there is no
 * NOTIFICATION to send, so they get their own class (with the stable `name`/`code` convention of
 * `BgpWireError`) instead of borrowing meaningless NOTIFICATION codes. A BGP message inside a
 * record that fails to decode still throws `BgpWireError` from the message layer.
 */

/** Stable codes of {@link MrtError}. */
export const MrtErrorCode = {
  /** The input ends inside a record header (RFC 6396 §2). */
  TRUNCATED_HEADER: "MRT_TRUNCATED_HEADER",
  /** The header's length field runs past the end of the input. */
  TRUNCATED_RECORD: "MRT_TRUNCATED_RECORD",
  /** A field inside the record runs past the record's own length, or has an impossible value. */
  MALFORMED_RECORD: "MRT_MALFORMED_RECORD",
  /** The length field exceeds the reader's `maxRecordLength`. */
  RECORD_TOO_LONG: "MRT_RECORD_TOO_LONG",
} as const;
/** One of the {@link MrtErrorCode} values. */
export type MrtErrorCodeName = (typeof MrtErrorCode)[keyof typeof MrtErrorCode];

/** Options for constructing an {@link MrtError}. */
export interface MrtErrorInit {
  readonly code: MrtErrorCodeName;
  /** Byte offset in the whole input (file or stream) where the damaged record starts. */
  readonly recordOffset: number;
  /** Byte offset in the whole input of the field that failed, or -1 if not known. */
  readonly offset?: number;
  /**
   * Total bytes of the record (header included) according to its header, or -1 if the header
   * itself is truncated. A reader uses it to skip the record and go on.
   */
  readonly recordLength?: number;
  /** Underlying error, if any. */
  readonly cause?: unknown;
}

/** A truncated or damaged MRT record. Its `name` is stable (`"MrtError"`). */
export class MrtError extends Error {
  /** Stable class name, for checks across bundles and realms. */
  override readonly name = "MrtError";
  /** Stable machine-readable code. */
  readonly code: MrtErrorCodeName;
  /** Offset of the record's first header byte in the whole input. */
  readonly recordOffset: number;
  /** Offset of the failing field in the whole input, or -1. */
  readonly offset: number;
  /** Record length from its header (header included), or -1 when unknown. */
  readonly recordLength: number;

  /** Creates an error; `message` should say what was expected and where. */
  constructor(message: string, init: MrtErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.recordOffset = init.recordOffset;
    this.offset = init.offset ?? -1;
    this.recordLength = init.recordLength ?? -1;
  }
}

/** True if `e` is an {@link MrtError} (works across duplicated copies of the package). */
export function isMrtError(e: unknown): e is MrtError {
  return e instanceof MrtError || (e instanceof Error && e.name === "MrtError");
}
