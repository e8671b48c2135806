/**
 * The Capabilities optional parameter (RFC 5492 §4): a sequence of code / length / value
 * triples. The same encoding is the data of an Unsupported Capability NOTIFICATION (RFC 5492 §5).
 * ```
 * +------------------------------+
 * | Capability Code (1 octet)    |
 * +------------------------------+
 * | Capability Length (1 octet)  |
 * +------------------------------+
 * | Capability Value (variable)  |
 * ~                              ~
 * +------------------------------+
 * ```
 */
import { BgpWireError, ErrorCode } from "../errors.js";
import type { Capability } from "../types/capabilities.js";
import { ByteWriter } from "../writer.js";
import { decodeCapability, encodeCapabilityValue } from "./capability-codecs.js";

/**
 * Decodes the capability triples of one Capabilities parameter. A triple running past the end
 * is a malformed recognized parameter: OPEN Message Error / Unspecific (RFC 4271 §6.2).
 * @param baseOffset offset of `bytes` in the message, for error reports
 */
export function decodeCapabilityList(bytes: Uint8Array, baseOffset = 0): Capability[] {
  const caps: Capability[] = [];
  let p = 0;
  while (p < bytes.length) {
    if (p + 2 > bytes.length || p + 2 + bytes[p + 1]! > bytes.length) {
      throw new BgpWireError(`capability at ${p} overruns its parameter (${bytes.length} bytes)`, {
        code: ErrorCode.OPEN_MESSAGE,
        subcode: 0,
        offset: baseOffset + p,
      });
    }
    const len = bytes[p + 1]!;
    caps.push(decodeCapability(bytes[p]!, bytes.subarray(p + 2, p + 2 + len)));
    p += 2 + len;
  }
  return caps;
}

/** Appends one capability triple to `w`; a value over 255 bytes cannot be encoded. */
export function encodeCapabilityInto(w: ByteWriter, cap: Capability): void {
  w.u8(cap.code);
  const lenAt = w.pos;
  w.u8(0);
  encodeCapabilityValue(w, cap);
  const len = w.pos - lenAt - 1;
  if (len > 255 || cap.code > 255 || cap.code < 0) {
    throw new BgpWireError(`capability ${cap.code} does not fit in a triple (value ${len} bytes)`, {
      code: ErrorCode.OPEN_MESSAGE,
      subcode: 0,
    });
  }
  w.patchU8(lenAt, len);
}

/** Encodes capabilities as consecutive triples, e.g. for the Unsupported Capability data field. */
export function encodeCapabilityList(caps: readonly Capability[]): Uint8Array {
  const w = new ByteWriter(64);
  for (const c of caps) encodeCapabilityInto(w, c);
  return w.finish();
}
