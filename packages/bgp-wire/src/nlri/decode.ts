/**
 * NLRI decoding for IPv4/IPv6 unicast (RFC 4271 §4.3, RFC 4760 §5), with the optional ADD-PATH
 * path identifier in front of each prefix (RFC 7911 §3):
 * ```
 * +--------------------------------+
 * | Path Identifier (4 octets)     |   only when ADD-PATH is negotiated for the family
 * +--------------------------------+
 * | Length (1 octet, in bits)      |
 * +--------------------------------+
 * | Prefix (ceil(Length/8) octets) |
 * +--------------------------------+
 * ```
 * Host bits beyond `Length` in the last prefix octet are kept exactly as received (bgpdump 1.6.2
 * prints `11.13.0.0/13` as given; RFC 4271 §4.3 says they are irrelevant, not that they are
 * zero): `prefixKey`/`maskPrefix` give the canonical form. Bits beyond the last octet do not exist
 * on the wire, so decoded addresses are zero there.
 *
 * Four entry points share one wire walk, written out four times so that none pays for a
 * closure or an allocation it does not need: {@link decodeNlri} (eager objects),
 * {@link forEachNlri} (a visitor with no per-prefix allocation), {@link forEachIpv4Nlri} (the
 * same for IPv4 with the address as an int32) and {@link countNlri} (validate and count only,
 * used by the lazy UPDATE decoder).
 */
import type { Nlri } from "../types/address.js";
import { invalidNetworkField } from "./nlri-error.js";

function maxBits(afi: number): number {
  return afi === 2 ? 128 : 32;
}

/**
 * Walks one NLRI field checking only the syntax, and returns the number of prefixes.
 * Throws a session-reset {@link BgpWireError} (Invalid Network Field) for a prefix length over
 * the family maximum or a prefix running past the end of the field (RFC 7606 §5.3).
 * @param baseOffset offset of `bytes[0]` in the caller's input, for error offsets
 * @param from first index of the field in `bytes` (the field is `bytes[from .. to)`, so callers
 *   need not slice)
 * @param to end of the field (exclusive)
 */
export function countNlri(
  bytes: Uint8Array,
  afi: number,
  addPath: boolean,
  baseOffset = 0,
  from = 0,
  to = bytes.length,
): number {
  const n = to;
  const max = maxBits(afi);
  let i = from;
  let count = 0;
  while (i < n) {
    if (addPath) i += 4;
    if (i >= n)
      throw invalidNetworkField("NLRI: truncated path identifier or missing length", baseOffset + i);
    const len = bytes[i] as number;
    if (len > max) throw invalidNetworkField(`NLRI: prefix length ${len} > ${max}`, baseOffset + i);
    i += 1 + ((len + 7) >> 3);
    if (i > n) throw invalidNetworkField("NLRI: prefix runs past the end of the field", baseOffset + n);
    count++;
  }
  return count;
}

/**
 * Decodes an NLRI field into fresh {@link Nlri} objects. `afi` 1 gives IPv4 prefixes (uint32),
 * anything else IPv6 (16 fresh bytes each; nothing aliases `bytes`).
 * Throws a session-reset {@link BgpWireError} on malformed input (see {@link countNlri}).
 */
export function decodeNlri(
  bytes: Uint8Array,
  afi: number,
  addPath: boolean,
  baseOffset = 0,
  from = 0,
  to = bytes.length,
): Nlri[] {
  const out: Nlri[] = [];
  const n = to;
  const max = maxBits(afi);
  let i = from;
  while (i < n) {
    let pathId = 0;
    if (addPath) {
      pathId = pathIdAt(bytes, i, n, baseOffset);
      i += 4;
    }
    const len = bytes[i] as number;
    if (len > max) throw invalidNetworkField(`NLRI: prefix length ${len} > ${max}`, baseOffset + i);
    const nb = (len + 7) >> 3;
    i++;
    if (i + nb > n) throw invalidNetworkField("NLRI: prefix runs past the end of the field", baseOffset + n);
    if (max === 32) {
      let addr = 0;
      for (let k = 0; k < nb; k++) addr |= (bytes[i + k] as number) << (24 - 8 * k);
      const prefix = { afi: 1 as const, addr: addr >>> 0, len };
      out.push(addPath ? { prefix, pathId } : { prefix });
    } else {
      const addr = new Uint8Array(16);
      for (let k = 0; k < nb; k++) addr[k] = bytes[i + k] as number;
      const prefix = { afi: 2 as const, addr, len };
      out.push(addPath ? { prefix, pathId } : { prefix });
    }
    i += nb;
  }
  return out;
}

/**
 * Per-prefix callback of {@link forEachNlri}. `ipv4` is the address for IPv4 (0 for IPv6);
 * `ipv6` is ONE scratch 16-byte array reused for every IPv6 prefix of the walk (copy it to keep
 * it); `pathId` is undefined without ADD-PATH; `offset` is where the entry starts.
 */
export type NlriVisitor = (
  len: number,
  ipv4: number,
  ipv6: Uint8Array,
  pathId: number | undefined,
  offset: number,
) => void;

/** The ADD-PATH path identifier at `i` (RFC 7911 §3), checking a length byte follows it. */
function pathIdAt(bytes: Uint8Array, i: number, end: number, baseOffset: number): number {
  if (i + 4 >= end) throw invalidNetworkField("NLRI: truncated path identifier", baseOffset + i);
  return (
    (((bytes[i] as number) << 24) |
      ((bytes[i + 1] as number) << 16) |
      ((bytes[i + 2] as number) << 8) |
      (bytes[i + 3] as number)) >>>
    0
  );
}

const noIpv6 = new Uint8Array(16);

/**
 * Hot-path walk over an NLRI field with no allocation per prefix. Returns the number of
 * prefixes visited. Throws like {@link decodeNlri}; prefixes before the fault have already been
 * visited by then, so validate with {@link countNlri} first where that matters.
 */
export function forEachNlri(
  bytes: Uint8Array,
  afi: number,
  addPath: boolean,
  cb: NlriVisitor,
  baseOffset = 0,
  from = 0,
  to = bytes.length,
): number {
  const n = to;
  const max = maxBits(afi);
  const scratch = max === 128 ? new Uint8Array(16) : noIpv6;
  let i = from;
  let count = 0;
  while (i < n) {
    const start = i;
    let pathId: number | undefined;
    if (addPath) {
      pathId = pathIdAt(bytes, i, n, baseOffset);
      i += 4;
    }
    const len = bytes[i] as number;
    if (len > max) throw invalidNetworkField(`NLRI: prefix length ${len} > ${max}`, baseOffset + i);
    const nb = (len + 7) >> 3;
    i++;
    if (i + nb > n) throw invalidNetworkField("NLRI: prefix runs past the end of the field", baseOffset + n);
    if (max === 32) {
      let addr = 0;
      for (let k = 0; k < nb; k++) addr |= (bytes[i + k] as number) << (24 - 8 * k);
      cb(len, addr >>> 0, scratch, pathId, baseOffset + start);
    } else {
      scratch.fill(0);
      for (let k = 0; k < nb; k++) scratch[k] = bytes[i + k] as number;
      cb(len, 0, scratch, pathId, baseOffset + start);
    }
    i += nb;
    count++;
  }
  return count;
}

/**
 * Per-prefix callback of {@link forEachIpv4Nlri}: `addr` is the address as a signed int32
 * (`addr >>> 0` is the usual unsigned form), `pathId` is 0 without ADD-PATH.
 */
export type Ipv4NlriVisitor = (len: number, addr: number, pathId: number) => void;

/**
 * {@link forEachNlri} for IPv4, passing the address as a signed int32. Why a second walker: an
 * unsigned address of 128.0.0.0 and up is not a small integer to V8 (a 32-bit signed value on
 * x64 without pointer compression, as Node ships), so handing it to a visitor that is not
 * inlined boxes it in a heap number: half of a full table's prefixes, each one a
 * young-generation allocation. There an int32 never is. Returns the number of prefixes
 * visited; throws like {@link decodeNlri}.
 */
export function forEachIpv4Nlri(
  bytes: Uint8Array,
  addPath: boolean,
  cb: Ipv4NlriVisitor,
  baseOffset = 0,
  from = 0,
  to = bytes.length,
): number {
  let i = from;
  let count = 0;
  while (i < to) {
    let pathId = 0;
    if (addPath) {
      pathId = pathIdAt(bytes, i, to, baseOffset);
      i += 4;
    }
    const len = bytes[i] as number;
    if (len > 32) throw invalidNetworkField(`NLRI: prefix length ${len} > 32`, baseOffset + i);
    const nb = (len + 7) >> 3;
    i++;
    if (i + nb > to)
      throw invalidNetworkField("NLRI: prefix runs past the end of the field", baseOffset + to);
    let addr = 0;
    for (let k = 0; k < nb; k++) addr |= (bytes[i + k] as number) << (24 - 8 * k);
    cb(len, addr, pathId);
    i += nb;
    count++;
  }
  return count;
}
