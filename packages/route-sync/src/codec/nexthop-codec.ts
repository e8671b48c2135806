/**
 * rtnetlink nexthop objects (linux/nexthop.h, Linux 5.3+): encode RTM_NEWNEXTHOP /
 * RTM_DELNEXTHOP / RTM_GETNEXTHOP dump, decode RTM_NEWNEXTHOP / RTM_DELNEXTHOP.
 *
 * A route that names a nexthop object by id (`RTA_NH_ID`) skips the kernel's per-route next hop
 * setup (`fib_create_info` → `fib_nh_init` and the gateway lookup in `fib_check_nh`): the object
 * was validated once when it was created. FRR's zebra programs routes this way since 7.3.
 *
 * ```
 * struct nhmsg       { u8 nh_family, nh_scope, nh_protocol, resvd; u32 nh_flags; }
 * struct nexthop_grp { u32 id; u8 weight; u8 weight_high; u16 resvd2; }  // weight = w - 1
 * ```
 * @module
 */
import { RouteSyncError } from "../errors.js";
import type { IpFamily } from "../model/ip.js";
import { formatIp } from "../model/ip.js";
import {
  AddressFamily,
  NEXTHOP_GRP_LEN,
  NHMSG_LEN,
  Nha,
  NlmFlags,
  RtmType,
  RtnhFlags,
} from "../netlink/constants.js";
import { attrU32, forEachAttr, type NlMessage, viewOf } from "../netlink/nl-reader.js";
import { HOST_LE, type NlWriter } from "../netlink/nl-writer.js";

/** One member of a nexthop group: the id of a single nexthop and its weight (1..256). */
export interface NexthopGroupMember {
  readonly id: number;
  readonly weight: number;
}

/** A nexthop object to create: a gateway on a device, or a group of other nexthop objects. */
export type NexthopSpec =
  | {
      readonly kind: "gateway";
      readonly id: number;
      readonly family: IpFamily;
      readonly gateway: string;
      /** Output device; the kernel requires one for a gateway nexthop. */
      readonly ifindex: number;
      readonly onlink: boolean;
      readonly protocol: number;
    }
  | {
      readonly kind: "group";
      readonly id: number;
      readonly members: readonly NexthopGroupMember[];
      readonly protocol: number;
    };

/** A nexthop object as the kernel reports it. */
export interface DecodedNexthop {
  readonly id: number;
  readonly protocol: number;
  /** 4 or 6 for a single nexthop; undefined for a group (AF_UNSPEC). */
  readonly family: IpFamily | undefined;
  readonly gateway?: string;
  readonly ifindex?: number;
  readonly onlink: boolean;
  readonly blackhole: boolean;
  /** Members of a group (empty for a single nexthop). */
  readonly group: readonly NexthopGroupMember[];
}

/** Appends one RTM_NEWNEXTHOP. `flags` beyond REQUEST: CREATE|EXCL (never overwrite), ACK. */
export function encodeNewNexthop(w: NlWriter, spec: NexthopSpec, flags: number, seq: number): void {
  const at = w.beginMessage(RtmType.NEWNEXTHOP, NlmFlags.REQUEST | flags, seq);
  if (spec.kind === "gateway") {
    w.u8(spec.family === 4 ? AddressFamily.INET : AddressFamily.INET6);
    w.u8(0); // scope: the kernel derives it
    w.u8(spec.protocol);
    w.u8(0);
    w.u32(spec.onlink ? RtnhFlags.ONLINK : 0);
    // Attribute order as iproute2 sends it (the kernel does not care).
    w.attrU32(Nha.ID, spec.id);
    w.attrIp(Nha.GATEWAY, spec.gateway);
    w.attrU32(Nha.OIF, spec.ifindex);
  } else {
    w.u8(AddressFamily.UNSPEC); // groups have no family of their own
    w.u8(0);
    w.u8(spec.protocol);
    w.u8(0);
    w.u32(0);
    w.attrU32(Nha.ID, spec.id);
    const g = w.beginNested(Nha.GROUP);
    for (const m of spec.members) {
      w.u32(m.id);
      w.u8(m.weight - 1); // nexthop_grp.weight holds weight - 1, like rtnh_hops
      w.u8(0);
      w.u16(0);
    }
    w.endNested(g);
    // NHA_GROUP_TYPE left out: NEXTHOP_GRP_TYPE_MPATH (hash-threshold ECMP), as RTA_MULTIPATH.
  }
  w.endMessage(at);
}

/** Appends one RTM_DELNEXTHOP for `id`. */
export function encodeDelNexthop(w: NlWriter, id: number, flags: number, seq: number): void {
  const at = w.beginMessage(RtmType.DELNEXTHOP, NlmFlags.REQUEST | flags, seq);
  w.zeros(NHMSG_LEN);
  w.attrU32(Nha.ID, id);
  w.endMessage(at);
}

/** Appends an RTM_GETNEXTHOP dump request (every nexthop object of the namespace). */
export function encodeNexthopDump(w: NlWriter, seq: number): void {
  const at = w.beginMessage(RtmType.GETNEXTHOP, NlmFlags.REQUEST | NlmFlags.DUMP, seq);
  w.zeros(NHMSG_LEN);
  w.endMessage(at);
}

/** Decodes an RTM_NEWNEXTHOP / RTM_DELNEXTHOP message; `undefined` for other families (e.g. bridge FDB). */
export function decodeNexthop(m: NlMessage): DecodedNexthop | undefined {
  const p = m.payload;
  if (p.length < NHMSG_LEN) throw new RouteSyncError("TRANSPORT", "short nhmsg");
  const fam = p[0]!;
  if (fam !== AddressFamily.INET && fam !== AddressFamily.INET6 && fam !== AddressFamily.UNSPEC)
    return undefined;
  const flags = viewOf(p).getUint32(4, HOST_LE);
  let id = 0;
  let gateway: string | undefined;
  let ifindex: number | undefined;
  let blackhole = false;
  let fdb = false;
  const group: NexthopGroupMember[] = [];
  forEachAttr(p, NHMSG_LEN, (type, v) => {
    switch (type) {
      case Nha.ID:
        id = attrU32(v);
        break;
      case Nha.GATEWAY:
        gateway = formatIp(v);
        break;
      case Nha.OIF:
        ifindex = attrU32(v);
        break;
      case Nha.BLACKHOLE:
        blackhole = true;
        break;
      case Nha.FDB:
        fdb = true;
        break;
      case Nha.GROUP: {
        const view = viewOf(v);
        for (let at = 0; at + NEXTHOP_GRP_LEN <= v.length; at += NEXTHOP_GRP_LEN) {
          group.push({ id: view.getUint32(at, HOST_LE), weight: v[at + 4]! + 1 + (v[at + 5]! << 8) });
        }
        break;
      }
    }
  });
  if (fdb) return undefined;
  const family = fam === AddressFamily.INET ? 4 : fam === AddressFamily.INET6 ? 6 : undefined;
  const out: DecodedNexthop = {
    id,
    protocol: p[2]!,
    family,
    onlink: (flags & RtnhFlags.ONLINK) !== 0,
    blackhole,
    group,
  };
  return {
    ...out,
    ...(gateway !== undefined && { gateway }),
    ...(ifindex !== undefined && { ifindex }),
  };
}
