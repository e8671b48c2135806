/**
 * Netlink and rtnetlink numeric constants (linux/netlink.h, linux/rtnetlink.h,
 * linux/if_link.h, linux/if_addr.h). Values are ABI: they never change.
 * @module
 */

/** Builds a reverse `value -> name` lookup for an `as const` table. */
function reverse<T extends Record<string, number>>(table: T): (value: number) => string {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(table)) if (!names.has(value)) names.set(value, name);
  return (value) => names.get(value) ?? String(value);
}

/** `struct nlmsghdr` size (RFC 3549 §2.3.2). */
export const NLMSG_HDRLEN = 16;
/** `struct rtmsg` size. */
export const RTMSG_LEN = 12;
/** `struct ifinfomsg` size. */
export const IFINFOMSG_LEN = 16;
/** `struct ifaddrmsg` size. */
export const IFADDRMSG_LEN = 8;
/** `struct rtnexthop` size (RTA_MULTIPATH element header). */
export const RTNEXTHOP_LEN = 8;
/** `struct nhmsg` size (linux/nexthop.h): family, scope, protocol, reserved, u32 flags. */
export const NHMSG_LEN = 8;
/** `struct nexthop_grp` size: u32 id, u8 weight - 1, u8 weight_high, u16 reserved. */
export const NEXTHOP_GRP_LEN = 8;

/** Netlink protocol number for routing (NETLINK_ROUTE). */
export const NETLINK_ROUTE = 0;

/** Control message types shared by every netlink family (RFC 3549 §2.3.2.2). */
export const NlMsgType = { NOOP: 1, ERROR: 2, DONE: 3, OVERRUN: 4 } as const;

/** `nlmsg_flags` bits (RFC 3549 §2.3.2). */
export const NlmFlags = {
  REQUEST: 0x1,
  MULTI: 0x2,
  ACK: 0x4,
  ECHO: 0x8,
  DUMP_INTR: 0x10,
  /** GET: root | match. */
  DUMP: 0x300,
  /** NEW: replace an existing object. */
  REPLACE: 0x100,
  /** NEW: fail with EEXIST if it exists. */
  EXCL: 0x200,
  /** NEW: create if it does not exist. */
  CREATE: 0x400,
  APPEND: 0x800,
} as const;

/** rtnetlink message types used here (linux/rtnetlink.h). */
export const RtmType = {
  NEWLINK: 16,
  DELLINK: 17,
  GETLINK: 18,
  NEWADDR: 20,
  DELADDR: 21,
  GETADDR: 22,
  NEWROUTE: 24,
  DELROUTE: 25,
  GETROUTE: 26,
  /** Nexthop objects (linux/nexthop.h, Linux 5.3+). */
  NEWNEXTHOP: 104,
  DELNEXTHOP: 105,
  GETNEXTHOP: 106,
} as const;
/** Name of an rtnetlink message type, for logs. */
export const rtmTypeName = reverse(RtmType);

/** Route attributes (`enum rtattr_type_t`). */
export const Rta = {
  UNSPEC: 0,
  DST: 1,
  SRC: 2,
  IIF: 3,
  OIF: 4,
  GATEWAY: 5,
  PRIORITY: 6,
  PREFSRC: 7,
  METRICS: 8,
  MULTIPATH: 9,
  FLOW: 11,
  CACHEINFO: 12,
  TABLE: 15,
  MARK: 16,
  MFC_STATS: 17,
  VIA: 18,
  NEWDST: 19,
  PREF: 20,
  ENCAP_TYPE: 21,
  ENCAP: 22,
  EXPIRES: 23,
  /** Id of the nexthop object the route forwards through (Linux 5.3+). */
  NH_ID: 30,
} as const;

/** Nexthop object attributes (`NHA_*`, linux/nexthop.h). */
export const Nha = {
  ID: 1,
  GROUP: 2,
  GROUP_TYPE: 3,
  BLACKHOLE: 4,
  OIF: 5,
  GATEWAY: 6,
  FDB: 11,
} as const;

/** Route types (`rtm_type`). */
export const RtnType = {
  UNSPEC: 0,
  UNICAST: 1,
  LOCAL: 2,
  BROADCAST: 3,
  ANYCAST: 4,
  MULTICAST: 5,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
  THROW: 9,
  NAT: 10,
} as const;
/** Name of an `rtm_type`. */
export const rtnTypeName = reverse(RtnType);

/** Well-known route protocols (`rtm_protocol`); see /etc/iproute2/rt_protos. */
export const RtProt = {
  UNSPEC: 0,
  REDIRECT: 1,
  KERNEL: 2,
  BOOT: 3,
  STATIC: 4,
  GATED: 8,
  RA: 9,
  ZEBRA: 11,
  BIRD: 12,
  DHCP: 16,
  BGP: 186,
} as const;

/** Route scopes (`rtm_scope`). */
export const RtScope = { UNIVERSE: 0, SITE: 200, LINK: 253, HOST: 254, NOWHERE: 255 } as const;

/** Reserved routing table ids. */
export const RtTable = { UNSPEC: 0, DEFAULT: 253, MAIN: 254, LOCAL: 255 } as const;

/** `rtm_flags` / `rtnh_flags` bits. */
export const RtnhFlags = {
  DEAD: 1,
  PERVASIVE: 2,
  ONLINK: 4,
  OFFLOAD: 8,
  LINKDOWN: 16,
  UNRESOLVED: 32,
} as const;
/** `rtm_flags` bit asking the kernel to report only cloned routes; we only need NOTIFY-free defaults. */
export const RTM_F_CLONED = 0x200;

/** Multicast groups (`enum rtnetlink_groups`), 1-based as `NETLINK_ADD_MEMBERSHIP` expects. */
export const RtnlGroup = {
  LINK: 1,
  IPV4_IFADDR: 5,
  IPV4_ROUTE: 7,
  IPV6_IFADDR: 9,
  IPV6_ROUTE: 11,
  /** Nexthop object changes (RTNLGRP_NEXTHOP). */
  NEXTHOP: 32,
} as const;

/** Link attributes (`IFLA_*`). */
export const Ifla = { ADDRESS: 1, IFNAME: 3, MTU: 4, OPERSTATE: 16 } as const;

/** Address attributes (`IFA_*`). */
export const Ifa = { ADDRESS: 1, LOCAL: 2, LABEL: 3 } as const;

/** Interface flags (`IFF_*`) we report. */
export const Iff = { UP: 0x1, LOOPBACK: 0x8, RUNNING: 0x40 } as const;

/** Address families. */
export const AddressFamily = { UNSPEC: 0, INET: 2, INET6: 10 } as const;
