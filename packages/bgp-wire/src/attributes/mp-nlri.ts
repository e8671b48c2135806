/**
 * MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4):
 * ```
 * MP_REACH_NLRI                              MP_UNREACH_NLRI
 * +------------------------------------+    +------------------------------------+
 * | AFI (2) | SAFI (1) | NH length (1) |    | AFI (2) | SAFI (1)                 |
 * | Next Hop (NH length octets)        |    | Withdrawn Routes (variable)        |
 * | Reserved (1)                       |    +------------------------------------+
 * | NLRI (variable)                    |
 * +------------------------------------+
 * ```
 * IPv4 and IPv6 unicast (and multicast) are decoded (next hop 4 octets for IPv4; 16, or 32 with a link-local
 * second address (RFC 2545 §3), for IPv6 and for IPv4 NLRI over an IPv6 next hop (RFC 8950 §3));
 * every other family keeps its next hop and NLRI as raw views. A malformed attribute cannot be
 * skipped safely, because it hides which prefixes it carried: RFC 7606 §5.3 and §7.11 ask for
 * AFI/SAFI disable (or session reset), with the Optional Attribute Error subcode of RFC 4760 §7.
 */
import { Afi, AttrFlag, AttrType, Safi } from "../constants.js";
import { type CodecContext, familyKey } from "../context.js";
import { isBgpWireError, Rfc7606Action, UpdateSubcode } from "../errors.js";
import { decodeNlri } from "../nlri/decode.js";
import { encodeNlri } from "../nlri/encode.js";
import type { IpAddress, Ipv6Address } from "../types/address.js";
import type { MpReachNlri } from "../types/attributes.js";
import type { ByteWriter } from "../writer.js";
import { MalformedAttribute } from "./attr-error.js";
import { u16, u32 } from "./read-bytes.js";
import type { AttrDescriptor, AttrSlice } from "./descriptor.js";

/**
 * True for the families whose NLRI the codec decodes: IPv4 and IPv6 unicast, and multicast,
 * whose NLRI and next hop have the same encoding (RFC 4760 §5; bgpdump prints them too).
 */
export function isModelledFamily(afi: number, safi: number): boolean {
  return (afi === Afi.IPV4 || afi === Afi.IPV6) && (safi === Safi.UNICAST || safi === Safi.MULTICAST);
}

function malformed(message: string): MalformedAttribute {
  return new MalformedAttribute(
    message,
    UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR,
    Rfc7606Action.AFI_SAFI_DISABLE,
  );
}

function decodeFamilyNlri(s: AttrSlice, from: number, afi: number, ctx: CodecContext, safi: number) {
  const view = s.bytes.subarray(from, s.start + s.len);
  try {
    return decodeNlri(view, afi, ctx.addPathReceive.has(familyKey(afi, safi)), s.base + from);
  } catch (e) {
    if (isBgpWireError(e)) throw malformed(`AFI ${afi}/SAFI ${safi}: ${e.message}`);
    throw e;
  }
}

function ipv6At(bytes: Uint8Array, at: number): Ipv6Address {
  return { afi: 2, addr: bytes.slice(at, at + 16) };
}

/** MP_REACH_NLRI (RFC 4760 §3). */
export const mpReachAttr: AttrDescriptor = {
  type: AttrType.MP_REACH_NLRI,
  name: "MP_REACH_NLRI",
  flags: AttrFlag.OPTIONAL,
  onError: Rfc7606Action.AFI_SAFI_DISABLE,
  decode(s, ctx, out) {
    if (s.len < 5) throw malformed(`MP_REACH_NLRI: length ${s.len} < 5`);
    const { bytes, start } = s;
    const afi = u16(s.bytes, start);
    const safi = bytes[start + 2] as number;
    const nhLen = bytes[start + 3] as number;
    const nhAt = start + 4;
    // The reserved octet follows the next hop (RFC 4760 §3).
    if (4 + nhLen + 1 > s.len)
      throw malformed(`MP_REACH_NLRI: next hop length ${nhLen} overruns the attribute`);
    const nextHopBytes = bytes.subarray(nhAt, nhAt + nhLen);
    const nlriAt = nhAt + nhLen + 1;
    const nlriBytes = bytes.subarray(nlriAt, start + s.len);
    if (!isModelledFamily(afi, safi)) {
      out.mpReach = { afi, safi, nextHop: null, nextHopBytes, nlri: [], nlriBytes };
      return;
    }
    let nextHop: IpAddress;
    let linkLocal: Ipv6Address | undefined;
    // 4 octets: IPv4, for IPv4 NLRI and (RFC 8950 §2: any NLRI/next hop AFI pair the
    // capability lists) for IPv6 NLRI over an IPv4 next hop.
    if (nhLen === 4) nextHop = { afi: 1, addr: u32(s.bytes, nhAt) };
    else if (nhLen === 16 || nhLen === 32) {
      nextHop = ipv6At(bytes, nhAt);
      if (nhLen === 32) linkLocal = ipv6At(bytes, nhAt + 16);
    } else throw malformed(`MP_REACH_NLRI: next hop length ${nhLen} invalid for AFI ${afi}`);
    const nlri = decodeFamilyNlri(s, nlriAt, afi, ctx, safi);
    out.mpReach = linkLocal
      ? { afi, safi, nextHop, linkLocal, nextHopBytes, nlri, nlriBytes }
      : { afi, safi, nextHop, nextHopBytes, nlri, nlriBytes };
  },
  has: (a) => a.mpReach !== undefined,
  encode(w, a, ctx) {
    const mp = a.mpReach as MpReachNlri;
    w.u16(mp.afi);
    w.u8(mp.safi);
    const modelled = isModelledFamily(mp.afi, mp.safi) && mp.nextHop !== null;
    if (modelled) encodeNextHop(w, mp);
    else {
      w.u8(mp.nextHopBytes.length);
      w.bytes(mp.nextHopBytes);
    }
    w.u8(0);
    if (modelled) encodeNlri(w, mp.nlri, mp.afi, ctx.addPathSend.has(familyKey(mp.afi, mp.safi)));
    else w.bytes(mp.nlriBytes);
  },
};

function encodeNextHop(w: ByteWriter, mp: MpReachNlri): void {
  const nh = mp.nextHop as IpAddress;
  if (nh.afi === 1) {
    w.u8(4);
    w.u32(nh.addr);
    return;
  }
  w.u8(mp.linkLocal ? 32 : 16);
  w.bytes(nh.addr);
  if (mp.linkLocal) w.bytes(mp.linkLocal.addr);
}

/** MP_UNREACH_NLRI (RFC 4760 §4). */
export const mpUnreachAttr: AttrDescriptor = {
  type: AttrType.MP_UNREACH_NLRI,
  name: "MP_UNREACH_NLRI",
  flags: AttrFlag.OPTIONAL,
  onError: Rfc7606Action.AFI_SAFI_DISABLE,
  decode(s, ctx, out) {
    if (s.len < 3) throw malformed(`MP_UNREACH_NLRI: length ${s.len} < 3`);
    const afi = u16(s.bytes, s.start);
    const safi = s.bytes[s.start + 2] as number;
    const withdrawnBytes = s.bytes.subarray(s.start + 3, s.start + s.len);
    const withdrawn = isModelledFamily(afi, safi) ? decodeFamilyNlri(s, s.start + 3, afi, ctx, safi) : [];
    out.mpUnreach = { afi, safi, withdrawn, withdrawnBytes };
  },
  has: (a) => a.mpUnreach !== undefined,
  encode(w, a, ctx) {
    const mp = a.mpUnreach!;
    w.u16(mp.afi);
    w.u8(mp.safi);
    if (isModelledFamily(mp.afi, mp.safi)) {
      encodeNlri(w, mp.withdrawn, mp.afi, ctx.addPathSend.has(familyKey(mp.afi, mp.safi)));
    } else w.bytes(mp.withdrawnBytes);
  },
};
