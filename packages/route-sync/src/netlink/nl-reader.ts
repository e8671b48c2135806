/**
 * Zero-copy iteration over netlink messages and attributes. Views alias the received buffer.
 * Malformed input yields `RouteSyncError` (TRANSPORT), never a `RangeError`.
 * @module
 */
import { RouteSyncError } from "../errors.js";
import { NLMSG_HDRLEN, NlMsgType } from "./constants.js";
import { HOST_LE } from "./nl-writer.js";

/** A parsed netlink header plus a view of its payload (aliases the input). */
export interface NlMessage {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly pid: number;
  /** Payload after the 16-byte header; aliases the received datagram. */
  readonly payload: Uint8Array;
}

function malformed(why: string): RouteSyncError {
  return new RouteSyncError("TRANSPORT", `malformed netlink message: ${why}`);
}

/** Splits one datagram into its netlink messages (RFC 3549 §2.3.2: NLMSG_ALIGN between them). */
export function* readMessages(data: Uint8Array): Generator<NlMessage> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  while (at + NLMSG_HDRLEN <= data.length) {
    const len = view.getUint32(at, HOST_LE);
    if (len < NLMSG_HDRLEN || at + len > data.length) throw malformed(`length ${len} at ${at}`);
    yield {
      type: view.getUint16(at + 4, HOST_LE),
      flags: view.getUint16(at + 6, HOST_LE),
      seq: view.getUint32(at + 8, HOST_LE),
      pid: view.getUint32(at + 12, HOST_LE),
      payload: data.subarray(at + NLMSG_HDRLEN, at + len),
    };
    at += (len + 3) & ~3;
  }
}

/** A DataView over a payload. */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Calls `fn(type, value)` for each attribute starting at `from` (type without the nested/byte-order bits).
 * `value` aliases `data`.
 */
export function forEachAttr(
  data: Uint8Array,
  from: number,
  fn: (type: number, value: Uint8Array) => void,
): void {
  const view = viewOf(data);
  let at = from;
  while (at + 4 <= data.length) {
    const len = view.getUint16(at, HOST_LE);
    if (len < 4 || at + len > data.length) throw malformed(`attribute length ${len} at ${at}`);
    fn(view.getUint16(at + 2, HOST_LE) & 0x3fff, data.subarray(at + 4, at + len));
    at += (len + 3) & ~3;
  }
}

/** Reads a host-order u32 attribute value. */
export function attrU32(v: Uint8Array): number {
  if (v.length < 4) throw malformed("short u32 attribute");
  return viewOf(v).getUint32(0, HOST_LE);
}

/** Reads a NUL-terminated string attribute value. */
export function attrString(v: Uint8Array): string {
  const end = v.indexOf(0);
  return new TextDecoder().decode(end < 0 ? v : v.subarray(0, end));
}

/** Decoded `NLMSG_ERROR` payload: 0 = ACK, else a positive errno, plus the echoed request header. */
export interface NlAck {
  readonly errno: number;
  readonly seq: number;
}

/** Decodes an `NLMSG_ERROR` message (`struct nlmsgerr`: int error; struct nlmsghdr msg; ...). */
export function readAck(m: NlMessage): NlAck {
  if (m.type !== NlMsgType.ERROR || m.payload.length < 4 + NLMSG_HDRLEN) throw malformed("short NLMSG_ERROR");
  const v = viewOf(m.payload);
  return { errno: -v.getInt32(0, HOST_LE), seq: v.getUint32(4 + 8, HOST_LE) };
}
