/**
 * rtnetlink route messages (`struct rtmsg` + RTA_* attributes, linux/rtnetlink.h):
 * encode RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE dump, decode RTM_NEWROUTE / RTM_DELROUTE.
 *
 * ```
 * struct rtmsg { u8 family, dst_len, src_len, tos; u8 table, protocol, scope, type; u32 flags; }
 * struct rtnexthop { u16 len; u8 flags; u8 hops; s32 ifindex; }  // then RTA_GATEWAY...
 * ```
 * @module
 */
import { RouteSyncError } from "../errors.js";
import { formatIp } from "../model/ip.js";
import type { Nexthop, NormalizedRoute, RouteKind } from "../model/kernel-route.js";
import {
  AddressFamily,
  NlmFlags,
  RTM_F_CLONED,
  RTMSG_LEN,
  RTNEXTHOP_LEN,
  Rta,
  RtmType,
  RtnhFlags,
  RtnType,
  RtScope,
  RtTable,
} from "../netlink/constants.js";
import { attrU32, forEachAttr, type NlMessage, viewOf } from "../netlink/nl-reader.js";
import { HOST_LE, type NlWriter } from "../netlink/nl-writer.js";

const kindToType: Record<RouteKind, number> = {
  unicast: RtnType.UNICAST,
  blackhole: RtnType.BLACKHOLE,
  unreachable: RtnType.UNREACHABLE,
  prohibit: RtnType.PROHIBIT,
};
const typeToKind = new Map<number, RouteKind>(
  Object.entries(kindToType).map(([k, v]) => [v, k as RouteKind] as const),
);

/** A route whose next hops name their device by index (what goes on the wire). */
export type WireRoute = NormalizedRoute;

function writeRtmsg(
  w: NlWriter,
  r: WireRoute,
  type: number,
  protocol: number,
  scope: number,
  rtmFlags: number,
): void {
  w.u8x8(
    r.prefix.family === 4 ? AddressFamily.INET : AddressFamily.INET6,
    r.prefix.length,
    0, // src_len
    0, // tos
    // Tables >= 256 do not fit rtm_table: send RT_TABLE_UNSPEC there and the id in RTA_TABLE.
    r.table < 256 ? r.table : RtTable.UNSPEC,
    protocol,
    scope,
    type,
  );
  w.u32(rtmFlags);
}

function ifindexOf(h: Nexthop): number {
  if (h.ifindex !== undefined) return h.ifindex;
  if (h.dev !== undefined)
    throw new RouteSyncError("INVALID_ROUTE", `device ${h.dev} not resolved to an index`);
  return 0;
}

/**
 * Appends one RTM_NEWROUTE message. `flags` are the NLM_F_* bits beyond REQUEST
 * (CREATE|EXCL for add, CREATE|REPLACE for replace; ACK when an answer is wanted).
 * With `nexthopId` (non-zero) the route forwards through that nexthop object (`RTA_NH_ID`)
 * instead of carrying its own gateways; the caller made the object from the same next hops.
 */
export function encodeNewRoute(w: NlWriter, r: WireRoute, flags: number, seq: number, nexthopId = 0): void {
  const at = w.beginMessage(RtmType.NEWROUTE, NlmFlags.REQUEST | flags, seq);
  if (nexthopId !== 0) {
    // Onlink lives on the nexthop object; a gateway route is universe scope.
    writeRtmsg(w, r, kindToType[r.kind], r.protocol, RtScope.UNIVERSE, 0);
    writeKey(w, r);
    if (r.prefsrc !== undefined) w.attrIp(Rta.PREFSRC, r.prefsrc);
    w.attrU32(Rta.NH_ID, nexthopId);
    w.endMessage(at);
    return;
  }
  const hasGateway = r.nexthops.some((h) => h.gateway !== undefined);
  // Device-only routes are link scope, everything else universe (iproute2's defaults).
  const scope = r.kind === "unicast" && !hasGateway ? RtScope.LINK : RtScope.UNIVERSE;
  const onlink = r.nexthops.length === 1 && r.nexthops[0]!.onlink;
  writeRtmsg(w, r, kindToType[r.kind], r.protocol, scope, onlink ? RtnhFlags.ONLINK : 0);
  writeKey(w, r);
  if (r.prefsrc !== undefined) w.attrIp(Rta.PREFSRC, r.prefsrc);
  if (r.nexthops.length === 1) {
    const h = r.nexthops[0]!;
    if (h.gateway !== undefined) w.attrIp(Rta.GATEWAY, h.gateway);
    const oif = ifindexOf(h);
    if (oif) w.attrU32(Rta.OIF, oif);
  } else if (r.nexthops.length > 1) {
    const mp = w.beginNested(Rta.MULTIPATH);
    for (const h of r.nexthops) {
      const nh = w.reserve(RTNEXTHOP_LEN);
      const bytes = w.slice(nh, nh + RTNEXTHOP_LEN);
      bytes[2] = h.onlink ? RtnhFlags.ONLINK : 0;
      bytes[3] = (h.weight ?? 1) - 1; // rtnh_hops holds weight - 1
      viewOf(bytes).setInt32(4, ifindexOf(h), HOST_LE);
      if (h.gateway !== undefined) w.attrIp(Rta.GATEWAY, h.gateway);
      w.patchU16(nh, w.length - nh);
    }
    w.endNested(mp);
  }
  w.endMessage(at);
}

/**
 * Appends an RTM_GETROUTE for one address (what `ip route get ADDR` sends): the kernel answers
 * with the route a packet to it would take, i.e. its output device and gateway, if any.
 */
export function encodeRouteGet(w: NlWriter, family: 4 | 6, address: string, seq: number): void {
  const at = w.beginMessage(RtmType.GETROUTE, NlmFlags.REQUEST | NlmFlags.ACK, seq);
  w.u8(family === 4 ? AddressFamily.INET : AddressFamily.INET6);
  w.u8(family === 4 ? 32 : 128);
  w.zeros(RTMSG_LEN - 2);
  w.attrIp(Rta.DST, address);
  w.endMessage(at);
}

/** `RTA_NH_ID` of a route message without decoding the rest (0 when it has none). */
export function routeNexthopId(m: NlMessage): number {
  let id = 0;
  if (m.payload.length < RTMSG_LEN) return 0;
  forEachAttr(m.payload, RTMSG_LEN, (type, v) => {
    if (type === Rta.NH_ID) id = attrU32(v);
  });
  return id;
}

function writeKey(w: NlWriter, r: WireRoute): void {
  if (r.prefix.length > 0) w.attrIp(Rta.DST, r.prefix.address);
  w.attrU32(Rta.TABLE, r.table);
  w.attrU32(Rta.PRIORITY, r.metric);
}

/**
 * Appends one RTM_DELROUTE for the route's key, restricted to its protocol so that a route of
 * another owner on the same prefix is never removed (the kernel matches a non-zero rtm_protocol).
 */
export function encodeDelRoute(w: NlWriter, r: WireRoute, flags: number, seq: number): void {
  const at = w.beginMessage(RtmType.DELROUTE, NlmFlags.REQUEST | flags, seq);
  // Scope NOWHERE and type UNSPEC match any scope / type: only key and protocol select the route.
  writeRtmsg(w, r, RtnType.UNSPEC, r.protocol, RtScope.NOWHERE, 0);
  writeKey(w, r);
  w.endMessage(at);
}

/** Appends an RTM_GETROUTE dump request for a family (0 = both). */
export function encodeRouteDump(w: NlWriter, family: 0 | 4 | 6, seq: number): void {
  const at = w.beginMessage(RtmType.GETROUTE, NlmFlags.REQUEST | NlmFlags.DUMP, seq);
  w.u8(family === 0 ? AddressFamily.UNSPEC : family === 4 ? AddressFamily.INET : AddressFamily.INET6);
  w.zeros(RTMSG_LEN - 1);
  w.endMessage(at);
}

/** A decoded route plus the kernel's view of it. Device names are filled in by the backend. */
export interface DecodedRoute extends NormalizedRoute {
  /** `rtm_scope` as the kernel reported it. */
  readonly scope: number;
}

/**
 * Decodes an RTM_NEWROUTE / RTM_DELROUTE message. Returns `undefined` for routes outside the
 * model: local/broadcast/multicast/anycast/throw/nat types, cache clones, other families.
 */
export function decodeRoute(m: NlMessage): DecodedRoute | undefined {
  const p = m.payload;
  if (p.length < RTMSG_LEN) throw new RouteSyncError("TRANSPORT", "short rtmsg");
  const familyByte = p[0]!;
  if (familyByte !== AddressFamily.INET && familyByte !== AddressFamily.INET6) return undefined;
  const family = familyByte === AddressFamily.INET ? 4 : 6;
  const kind = typeToKind.get(p[7]!);
  if (kind === undefined) return undefined;
  const rtmFlags = viewOf(p).getUint32(8, HOST_LE);
  if (rtmFlags & RTM_F_CLONED) return undefined;
  const dstLen = p[1]!;
  let table = p[4]!;
  let metric = 0;
  let dst: Uint8Array | undefined;
  let gateway: Uint8Array | undefined;
  let oif = 0;
  let prefsrc: Uint8Array | undefined;
  let multipath: Uint8Array | undefined;
  let nexthopId = 0;
  forEachAttr(p, RTMSG_LEN, (type, v) => {
    switch (type) {
      case Rta.NH_ID:
        nexthopId = attrU32(v);
        break;
      case Rta.DST:
        dst = v;
        break;
      case Rta.GATEWAY:
        gateway = v;
        break;
      case Rta.OIF:
        oif = attrU32(v);
        break;
      case Rta.PRIORITY:
        metric = attrU32(v);
        break;
      case Rta.TABLE:
        table = attrU32(v);
        break;
      case Rta.PREFSRC:
        prefsrc = v;
        break;
      case Rta.MULTIPATH:
        multipath = v;
        break;
    }
  });
  const size = family === 4 ? 4 : 16;
  const addr = new Uint8Array(size);
  if (dst) addr.set(dst.subarray(0, size));
  const nexthops: Nexthop[] = [];
  if (multipath) nexthops.push(...decodeMultipath(multipath));
  else if (kind === "unicast" && (gateway || oif)) {
    const h: { gateway?: string; ifindex?: number; onlink?: boolean } = {};
    if (gateway) h.gateway = formatIp(gateway);
    if (oif) h.ifindex = oif;
    if (rtmFlags & RtnhFlags.ONLINK) h.onlink = true;
    nexthops.push(h);
  }
  const route: DecodedRoute = {
    prefix: { family, address: formatIp(addr), length: dstLen },
    kind,
    nexthops,
    table,
    metric,
    protocol: p[5]!,
    scope: p[6]!,
    ...(nexthopId !== 0 && { nexthopId }),
  };
  return prefsrc ? { ...route, prefsrc: formatIp(prefsrc) } : route;
}

function decodeMultipath(v: Uint8Array): Nexthop[] {
  const out: Nexthop[] = [];
  const view = viewOf(v);
  let at = 0;
  while (at + RTNEXTHOP_LEN <= v.length) {
    const len = view.getUint16(at, HOST_LE);
    if (len < RTNEXTHOP_LEN || at + len > v.length)
      throw new RouteSyncError("TRANSPORT", "bad rtnexthop length");
    const flags = v[at + 2]!;
    const h: { gateway?: string; ifindex?: number; weight: number; onlink?: boolean } = {
      weight: v[at + 3]! + 1,
    };
    const ifindex = view.getInt32(at + 4, HOST_LE);
    if (ifindex) h.ifindex = ifindex;
    if (flags & RtnhFlags.ONLINK) h.onlink = true;
    forEachAttr(v.subarray(at, at + len), RTNEXTHOP_LEN, (type, value) => {
      if (type === Rta.GATEWAY) h.gateway = formatIp(value);
    });
    out.push(h);
    at += (len + 3) & ~3;
  }
  return out;
}
