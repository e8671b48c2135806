/** Record framing (RFC 6396 §2-3): one header + message field → one {@link MrtRecord}. */
import { isExtendedTimestampType, MrtLimits, MrtType } from "./constants.js";
import { MrtCursor } from "./cursor.js";
import { decodeBgp4mp } from "./bgp4mp.js";
import { MrtError, MrtErrorCode, isMrtError } from "./mrt-error.js";
import { decodeTableDump } from "./table-dump.js";
import { decodeTableDumpV2 } from "./table-dump-v2.js";
import type { MrtHeader, MrtRecord } from "./types.js";

/**
 * Total size in bytes (header included) of the record starting at `pos`, or -1 if fewer than 12
 * bytes are available to tell. The length field counts the microsecond field of `_ET` types
 * (RFC 6396 §3), so the total is always 12 + length.
 */
export function mrtRecordSize(bytes: Uint8Array, pos: number): number {
  if (bytes.length - pos < MrtLimits.HEADER_LENGTH) return -1;
  const len =
    ((bytes[pos + 8]! << 24) | (bytes[pos + 9]! << 16) | (bytes[pos + 10]! << 8) | bytes[pos + 11]!) >>> 0;
  return MrtLimits.HEADER_LENGTH + len;
}

/**
 * Decodes the complete record at `bytes[pos, pos + size)` where `size = mrtRecordSize(bytes, pos)`
 * has already been checked to fit. `base` is the offset of `bytes[0]` in the whole input, used in
 * error messages and `header.offset`. Byte fields of the result are views into `bytes`.
 *
 * @throws MrtError when a field runs past the record or has an impossible value
 */
export function decodeMrtRecordAt(
  bytes: Uint8Array,
  dv: DataView,
  pos: number,
  size: number,
  base: number,
): MrtRecord {
  const recordOffset = base + pos;
  const timestamp = dv.getUint32(pos);
  const mrtType = dv.getUint16(pos + 4);
  const subtype = dv.getUint16(pos + 6);
  const end = pos + size;
  let bodyStart = pos + MrtLimits.HEADER_LENGTH;
  let header: MrtHeader;
  if (isExtendedTimestampType(mrtType)) {
    if (size < MrtLimits.ET_HEADER_LENGTH) {
      throw new MrtError(
        `MRT record at offset ${recordOffset}: type ${mrtType} needs a 4-byte microsecond field but its length is ${size - MrtLimits.HEADER_LENGTH}`,
        { code: MrtErrorCode.MALFORMED_RECORD, recordOffset, offset: recordOffset + 8, recordLength: size },
      );
    }
    const microseconds = dv.getUint32(bodyStart);
    bodyStart += 4;
    header = { timestamp, microseconds, mrtType, subtype, length: end - bodyStart, offset: recordOffset };
  } else {
    header = { timestamp, mrtType, subtype, length: end - bodyStart, offset: recordOffset };
  }
  const c = new MrtCursor(bytes, dv, bodyStart, end, base, recordOffset, size);
  try {
    switch (mrtType) {
      case MrtType.TABLE_DUMP:
        return decodeTableDump(c, header);
      case MrtType.TABLE_DUMP_V2:
        return decodeTableDumpV2(c, header);
      case MrtType.BGP4MP:
      case MrtType.BGP4MP_ET:
        return decodeBgp4mp(c, header);
      default:
        return { type: "UNKNOWN", header, body: bytes.subarray(bodyStart, end) };
    }
  } catch (e) {
    if (isMrtError(e)) throw e;
    // Anything else is a decoder bug; still report it as a damaged record with its offset.
    throw new MrtError(`MRT record at offset ${recordOffset}: ${(e as Error).message}`, {
      code: MrtErrorCode.MALFORMED_RECORD,
      recordOffset,
      recordLength: size,
      cause: e,
    });
  }
}

/**
 * Decodes one record from a buffer that holds exactly one whole record (header included).
 *
 * @throws MrtError if the buffer is shorter or longer than the header's length says
 */
export function decodeMrtRecord(input: Uint8Array, base = 0): MrtRecord {
  // Views into a plain Uint8Array (not a Node Buffer), as the readers hand out.
  const bytes =
    input.constructor === Uint8Array
      ? input
      : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const size = mrtRecordSize(bytes, 0);
  if (size < 0) {
    throw new MrtError(`MRT record at offset ${base}: header needs 12 bytes, got ${bytes.length}`, {
      code: MrtErrorCode.TRUNCATED_HEADER,
      recordOffset: base,
      offset: base + bytes.length,
    });
  }
  if (size !== bytes.length) {
    throw new MrtError(
      `MRT record at offset ${base}: header says ${size} bytes, buffer has ${bytes.length}`,
      {
        code: size > bytes.length ? MrtErrorCode.TRUNCATED_RECORD : MrtErrorCode.MALFORMED_RECORD,
        recordOffset: base,
        offset: base + Math.min(size, bytes.length),
        recordLength: size,
      },
    );
  }
  return decodeMrtRecordAt(
    bytes,
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    0,
    size,
    base,
  );
}
