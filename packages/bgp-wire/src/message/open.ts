/**
 * OPEN body codec (RFC 4271 §4.2) with capabilities (RFC 5492) and the extended optional
 * parameters length of RFC 9072. Semantic checks (version, peer AS, hold time, BGP identifier)
 * belong to the FSM; `notification-errors.ts` has the errors it raises.
 *
 * RFC 9072 §2 layout, chosen when Non-Ext OP Len and Non-Ext OP Type are both 255:
 * ```
 * | Version | My AS (2) | Hold Time (2) | BGP Identifier (4) |
 * | Non-Ext OP Len = 255 | Non-Ext OP Type = 255 | Extended Opt. Parm. Length (2) |
 * | Parm. Type (1) | Parameter Length (2) | Parameter Value ... |
 * ```
 */
import { BgpWireError, ErrorCode, OpenSubcode } from "../errors.js";
import type { Capability } from "../types/capabilities.js";
import type { OpenMessage, RawOptionalParameter } from "../types/messages.js";
import type { ByteWriter } from "../writer.js";
import { decodeCapabilityList, encodeCapabilityInto } from "./capability-list.js";
import { checkUint, u16, u32 } from "./read-write.js";

/** Optional parameter type of the Capabilities parameter (RFC 5492 §4). */
export const CAPABILITIES_PARAMETER = 2;
/** Non-Ext OP Type value announcing RFC 9072 extended lengths. */
const EXTENDED_PARAMETERS_MARK = 255;
/** Size of the fixed part of the OPEN body, Opt Parm Len included. */
const FIXED = 10;

const OPEN_ERR = { code: ErrorCode.OPEN_MESSAGE, subcode: 0 } as const;

/**
 * Decodes an OPEN body (the message without its header). The fixed part is read with plain
 * index reads, not binary-parser: measured in `bench/message-open-fixed.bench.ts` on Node 20,
 * a compiled binary-parser `Parser` did 2-4e6 parses/s against about 1e8 for the index reads
 * (20-40x slower), as it builds a DataView and goes through generic plumbing on every call.
 * @param baseOffset offset of `body` in the message (19), for error reports
 */
export function decodeOpenBody(body: Uint8Array, baseOffset = 19): OpenMessage {
  const fail = (why: string, at: number): BgpWireError => {
    // Bytes we cannot parse under a version other than 4 mean "unsupported version" (RFC 4271 §6.2);
    // data = the largest version we support.
    const foreign = body.length > 0 && body[0] !== 4;
    return new BgpWireError(`malformed OPEN: ${why}`, {
      code: ErrorCode.OPEN_MESSAGE,
      subcode: foreign ? OpenSubcode.UNSUPPORTED_VERSION_NUMBER : 0,
      ...(foreign ? { data: new Uint8Array([0, 4]) } : {}),
      offset: baseOffset + at,
    });
  };
  if (body.length < FIXED) throw fail(`body of ${body.length} bytes is shorter than 10`, 0);
  const optLen = body[9]!;
  const extended = optLen === 255 && body.length > FIXED && body[FIXED] === EXTENDED_PARAMETERS_MARK;
  let p = FIXED;
  let end: number;
  if (extended) {
    if (body.length < FIXED + 3) throw fail("truncated extended optional parameters length", FIXED);
    end = FIXED + 3 + u16(body, FIXED + 1);
    p = FIXED + 3;
  } else {
    end = FIXED + optLen;
  }
  if (end !== body.length) {
    throw fail(`optional parameters end at ${end} but the body has ${body.length} bytes`, 9);
  }
  const hdr = extended ? 3 : 2;
  const capabilities: Capability[] = [];
  const otherParameters: RawOptionalParameter[] = [];
  const layout: (number | null)[] = [];
  while (p < end) {
    if (p + hdr > end) throw fail("truncated optional parameter header", p);
    const type = body[p]!;
    const len = extended ? u16(body, p + 1) : body[p + 1]!;
    if (p + hdr + len > end) throw fail(`optional parameter ${type} overruns the parameters`, p);
    const value = body.subarray(p + hdr, p + hdr + len);
    if (type === CAPABILITIES_PARAMETER) {
      const caps = decodeCapabilityList(value, baseOffset + p + hdr);
      for (const c of caps) capabilities.push(c);
      layout.push(caps.length);
    } else {
      otherParameters.push({ type, value });
      layout.push(null);
    }
    p += hdr + len;
  }
  return {
    type: "OPEN",
    version: body[0]!,
    myAs: u16(body, 1),
    holdTime: u16(body, 3),
    bgpId: u32(body, 5),
    capabilities,
    ...(otherParameters.length > 0 ? { otherParameters } : {}),
    ...(extended ? { extendedParameters: true } : {}),
    wire: { parameters: layout },
  };
}

/** The parameter layout to encode: the decoded one when it matches the lists, else canonical. */
function layoutOf(msg: OpenMessage): readonly (number | null)[] {
  const others = msg.otherParameters?.length ?? 0;
  const wire = msg.wire?.parameters;
  if (wire !== undefined) {
    let caps = 0;
    let raws = 0;
    for (const e of wire) {
      if (e === null) raws++;
      else caps += e;
    }
    if (caps === msg.capabilities.length && raws === others) return wire;
  }
  // Canonical: every capability in one Capabilities parameter, then the other parameters.
  const out: (number | null)[] = msg.capabilities.length > 0 ? [msg.capabilities.length] : [];
  for (let i = 0; i < others; i++) out.push(null);
  return out;
}

/** Writes the parameters with 1- or 2-byte lengths; false if a 1-byte length overflowed. */
function writeParameters(
  w: ByteWriter,
  msg: OpenMessage,
  layout: readonly (number | null)[],
  extended: boolean,
): boolean {
  let ci = 0;
  let oi = 0;
  for (const entry of layout) {
    const other = entry === null ? msg.otherParameters![oi++]! : null;
    const type = other?.type ?? CAPABILITIES_PARAMETER;
    checkUint(type, 8, "optional parameter type", OPEN_ERR);
    if (type === EXTENDED_PARAMETERS_MARK) {
      // 255 is reserved as the RFC 9072 marker (RFC 9072 §4); sending it would make the block ambiguous.
      throw new BgpWireError("optional parameter type 255 is reserved (RFC 9072)", OPEN_ERR);
    }
    w.u8(type);
    const lenAt = w.pos;
    if (extended) w.u16(0);
    else w.u8(0);
    if (other !== null) w.bytes(other.value);
    else for (let k = 0; k < entry!; k++) encodeCapabilityInto(w, msg.capabilities[ci++]!);
    const len = w.pos - lenAt - (extended ? 2 : 1);
    if (extended) {
      if (len > 0xffff) throw new BgpWireError(`optional parameter of ${len} bytes`, OPEN_ERR);
      w.patchU16(lenAt, len);
    } else {
      if (len > 255) return false;
      w.patchU8(lenAt, len);
    }
  }
  return true;
}

/**
 * Appends an OPEN body. The RFC 9072 extended form is used when `extendedParameters` is set or
 * when the parameters do not fit the 1-byte lengths of RFC 4271 (RFC 9072 §2 says to prefer
 * the classic form otherwise). Decoded messages re-encode byte for byte through `wire`.
 */
export function encodeOpenBody(w: ByteWriter, msg: OpenMessage): void {
  checkUint(msg.version, 8, "version", OPEN_ERR);
  checkUint(msg.myAs, 16, "My Autonomous System", OPEN_ERR);
  checkUint(msg.holdTime, 16, "hold time", OPEN_ERR);
  checkUint(msg.bgpId, 32, "BGP identifier", OPEN_ERR);
  w.u8(msg.version);
  w.u16(msg.myAs);
  w.u16(msg.holdTime);
  w.u32(msg.bgpId);
  const layout = layoutOf(msg);
  const start = w.pos;
  if (msg.extendedParameters !== true) {
    w.u8(0);
    if (writeParameters(w, msg, layout, false) && w.pos - start - 1 <= 255) {
      w.patchU8(start, w.pos - start - 1);
      return;
    }
    w.truncate(start);
  }
  w.u8(255);
  w.u8(EXTENDED_PARAMETERS_MARK);
  w.u16(0);
  writeParameters(w, msg, layout, true);
  const len = w.pos - start - 4;
  if (len > 0xffff) throw new BgpWireError(`optional parameters of ${len} bytes`, OPEN_ERR);
  w.patchU16(start + 2, len);
}
