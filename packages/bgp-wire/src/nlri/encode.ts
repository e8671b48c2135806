/**
 * NLRI encoding (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3); the layout is drawn in `decode.ts`.
 * Only the significant octets are written: an address bit beyond the last of them is dropped,
 * while host bits inside the last octet are written as held, so decode → encode is byte-exact.
 */
import type { ByteWriter } from "../writer.js";
import type { Nlri, Prefix } from "../types/address.js";
import { encodeError } from "./nlri-error.js";

/** Bytes one NLRI entry takes on the wire. */
export function nlriEntrySize(prefix: Prefix, addPath: boolean): number {
  return (addPath ? 5 : 1) + ((prefix.len + 7) >> 3);
}

/**
 * Appends one prefix (with its path identifier when `addPath`; a missing `pathId` is sent as 0).
 * Throws {@link BgpWireError} (code 0) for a length outside the family's range.
 */
export function encodePrefix(
  w: ByteWriter,
  prefix: Prefix,
  pathId: number | undefined,
  addPath: boolean,
): void {
  const max = prefix.afi === 1 ? 32 : 128;
  const len = prefix.len;
  if (!Number.isInteger(len) || len < 0 || len > max) throw encodeError(`prefix length ${len} out of range`);
  const nb = (len + 7) >> 3;
  w.ensure((addPath ? 5 : 1) + nb);
  if (addPath) w.u32(pathId ?? 0);
  w.u8(len);
  if (prefix.afi === 1) {
    for (let k = 0; k < nb; k++) w.u8((prefix.addr >>> (24 - 8 * k)) & 0xff);
  } else {
    for (let k = 0; k < nb; k++) w.u8(prefix.addr[k] ?? 0);
  }
}

/**
 * Appends an NLRI field. Every prefix must be of family `afi` (1 IPv4, 2 IPv6); a mismatch
 * throws {@link BgpWireError} (code 0) rather than writing a field the peer would misread.
 */
export function encodeNlri(w: ByteWriter, nlri: readonly Nlri[], afi: number, addPath: boolean): void {
  for (const e of nlri) {
    if (e.prefix.afi !== afi)
      throw encodeError(`IPv${e.prefix.afi === 1 ? 4 : 6} prefix in an AFI ${afi} field`);
    encodePrefix(w, e.prefix, e.pathId, addPath);
  }
}
