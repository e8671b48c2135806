/**
 * RTM_GETLINK / RTM_GETADDR dumps and their answers (`struct ifinfomsg`, `struct ifaddrmsg`).
 * Used to resolve device names and to find local addresses.
 * @module
 */
import { RouteSyncError } from "../errors.js";
import { formatIp } from "../model/ip.js";
import {
  AddressFamily,
  IFADDRMSG_LEN,
  IFINFOMSG_LEN,
  Ifa,
  Iff,
  Ifla,
  NlmFlags,
  RtmType,
} from "../netlink/constants.js";
import { attrString, forEachAttr, type NlMessage, viewOf } from "../netlink/nl-reader.js";
import { HOST_LE, type NlWriter } from "../netlink/nl-writer.js";

/** A network interface. */
export interface LinkInfo {
  readonly ifindex: number;
  readonly name: string;
  /** IFF_UP. */
  readonly up: boolean;
  /** IFF_LOOPBACK. */
  readonly loopback: boolean;
}

/** An address configured on an interface. */
export interface AddressInfo {
  readonly ifindex: number;
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefixLength: number;
  /** `ifa_scope` (0 = global, 253 = link, 254 = host). */
  readonly scope: number;
}

/** Appends an RTM_GETLINK dump request. */
export function encodeLinkDump(w: NlWriter, seq: number): void {
  const at = w.beginMessage(RtmType.GETLINK, NlmFlags.REQUEST | NlmFlags.DUMP, seq);
  w.zeros(IFINFOMSG_LEN);
  w.endMessage(at);
}

/** Appends an RTM_GETADDR dump request (both families). */
export function encodeAddrDump(w: NlWriter, seq: number): void {
  const at = w.beginMessage(RtmType.GETADDR, NlmFlags.REQUEST | NlmFlags.DUMP, seq);
  w.zeros(IFADDRMSG_LEN);
  w.endMessage(at);
}

/** Decodes RTM_NEWLINK / RTM_DELLINK. */
export function decodeLink(m: NlMessage): LinkInfo {
  const p = m.payload;
  if (p.length < IFINFOMSG_LEN) throw new RouteSyncError("TRANSPORT", "short ifinfomsg");
  const v = viewOf(p);
  const ifindex = v.getInt32(4, HOST_LE);
  const flags = v.getUint32(8, HOST_LE);
  let name = "";
  forEachAttr(p, IFINFOMSG_LEN, (type, value) => {
    if (type === Ifla.IFNAME) name = attrString(value);
  });
  return { ifindex, name, up: (flags & Iff.UP) !== 0, loopback: (flags & Iff.LOOPBACK) !== 0 };
}

/** Decodes RTM_NEWADDR / RTM_DELADDR; `undefined` for families other than IPv4/IPv6. */
export function decodeAddress(m: NlMessage): AddressInfo | undefined {
  const p = m.payload;
  if (p.length < IFADDRMSG_LEN) throw new RouteSyncError("TRANSPORT", "short ifaddrmsg");
  const fam = p[0]!;
  if (fam !== AddressFamily.INET && fam !== AddressFamily.INET6) return undefined;
  let local: Uint8Array | undefined;
  let address: Uint8Array | undefined;
  forEachAttr(p, IFADDRMSG_LEN, (type, value) => {
    if (type === Ifa.LOCAL) local = value;
    else if (type === Ifa.ADDRESS) address = value;
  });
  // On point-to-point links IFA_ADDRESS is the peer; IFA_LOCAL is ours when present.
  const mine = local ?? address;
  if (!mine) return undefined;
  return {
    ifindex: viewOf(p).getUint32(4, HOST_LE),
    family: fam === AddressFamily.INET ? 4 : 6,
    address: formatIp(mine),
    prefixLength: p[1]!,
    scope: p[3]!,
  };
}
