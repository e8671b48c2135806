/**
 * Turns the configured announcements into UPDATE inputs for one session: our AS prepended on
 * eBGP, LOCAL_PREF on iBGP only, next-hop-self by default, IPv6 through MP_REACH_NLRI.
 */
import type { BgpSession } from "@tsbgp/bgp-fsm";
import {
  type AsPathSegment,
  type IpAddress,
  type Ipv6Address,
  type PackInput,
  type PathAttributes,
  denormalizeAs4,
  parseIpv4,
  parseIpv6,
} from "@tsbgp/bgp-wire";
import type { AnnounceEntry } from "./speaker-config.js";

/** Our address on the session's connection, as a next hop. */
function localNextHop(session: BgpSession): IpAddress | undefined {
  const a = session.connection?.localAddress;
  if (!a) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped?.[1]) return { afi: 1, addr: parseIpv4(mapped[1]) };
  return a.includes(":") ? { afi: 2, addr: parseIpv6(a) } : { afi: 1, addr: parseIpv4(a) };
}

/** An IPv4 next hop written as an IPv4-mapped IPv6 address, for IPv6 routes over IPv4 sessions. */
function mapped(v4: number): Ipv6Address {
  const b = new Uint8Array(16);
  b[10] = 0xff;
  b[11] = 0xff;
  new DataView(b.buffer).setUint32(12, v4);
  return { afi: 2, addr: b };
}

/** The UPDATE inputs announcing `entry` to `session`'s peer; empty for families not negotiated. */
export function announcementsFor(entry: AnnounceEntry, session: BgpSession, localAs: number): PackInput[] {
  const neg = session.negotiated;
  if (!neg) return [];
  const asPath: AsPathSegment[] = neg.internal
    ? entry.asPath.length > 0
      ? [{ type: 2, asns: [...entry.asPath] }]
      : []
    : [{ type: 2, asns: [localAs, ...entry.asPath] }];
  const base: PathAttributes = {
    origin: entry.origin,
    asPath,
    ...(entry.med === undefined ? {} : { med: entry.med }),
    ...(neg.internal ? { localPref: entry.localPref ?? 100 } : {}),
    ...(entry.communities.length > 0 ? { communities: entry.communities } : {}),
    ...(entry.largeCommunities.length > 0 ? { largeCommunities: entry.largeCommunities } : {}),
  };
  const self = localNextHop(session);
  const out: PackInput[] = [];
  const v4 = entry.prefixes.filter((p) => p.afi === 1);
  const v6 = entry.prefixes.filter((p) => p.afi === 2);
  const finish = (a: PathAttributes): PathAttributes => (neg.asn4 ? a : denormalizeAs4(a));
  if (v4.length > 0 && neg.families.includes("1/1")) {
    const nh = entry.nextHop?.afi === 1 ? entry.nextHop : self?.afi === 1 ? self : undefined;
    if (nh && nh.afi === 1)
      out.push({ attributes: finish({ ...base, nextHop: nh }), announce: v4.map((prefix) => ({ prefix })) });
  }
  if (v6.length > 0 && neg.families.includes("2/1")) {
    const nh: Ipv6Address | undefined =
      entry.nextHop?.afi === 2
        ? entry.nextHop
        : self?.afi === 2
          ? self
          : self?.afi === 1
            ? mapped(self.addr)
            : undefined;
    if (nh) {
      const mpReach = {
        afi: 2,
        safi: 1,
        nextHop: nh,
        nextHopBytes: new Uint8Array(0),
        nlri: [],
        nlriBytes: new Uint8Array(0),
      };
      out.push({ attributes: finish({ ...base, mpReach }), announce: v6.map((prefix) => ({ prefix })) });
    }
  }
  return out;
}
