/**
 * Typed attribute rewrites for policies. Each returns a function from attributes to new
 * attributes (inputs are frozen and never mutated).
 */
import type { IpAddress, LargeCommunity, PathAttributes } from "@tsbgp/bgp-wire";
import { asPathPrepend } from "../as-path.js";

/** An attribute rewrite. */
export type Action = (a: PathAttributes) => PathAttributes;

/** Sets LOCAL_PREF. */
export function setLocalPref(v: number): Action {
  return (a) => ({ ...a, localPref: v });
}

/** Sets MULTI_EXIT_DISC. */
export function setMed(v: number): Action {
  return (a) => ({ ...a, med: v });
}

/** Adds communities (no duplicates). */
export function addCommunities(vs: readonly number[]): Action {
  return (a) => {
    const c = [...(a.communities ?? [])];
    for (const v of vs) if (!c.includes(v)) c.push(v);
    return { ...a, communities: c };
  };
}

/** Removes communities; drops the attribute when none remain. */
export function removeCommunities(vs: readonly number[]): Action {
  return (a) => {
    const c = (a.communities ?? []).filter((v) => !vs.includes(v));
    const { communities: _c, ...rest } = a;
    return c.length > 0 ? { ...rest, communities: c } : rest;
  };
}

/** Adds large communities (RFC 8092), no duplicates. */
export function addLargeCommunities(vs: readonly LargeCommunity[]): Action {
  return (a) => {
    const c = [...(a.largeCommunities ?? [])];
    for (const v of vs)
      if (!c.some((x) => x.global === v.global && x.local1 === v.local1 && x.local2 === v.local2)) c.push(v);
    return { ...a, largeCommunities: c };
  };
}

/** Sets the next hop (NEXT_HOP for IPv4, the MP_REACH_NLRI next hop when the route has one). */
export function setNextHop(nh: IpAddress): Action {
  return (a) => {
    if (a.mpReach !== undefined) {
      const bytes =
        nh.afi === 2
          ? nh.addr
          : Uint8Array.of(nh.addr >>> 24, (nh.addr >>> 16) & 255, (nh.addr >>> 8) & 255, nh.addr & 255);
      const { linkLocal: _l, ...mp } = a.mpReach;
      return { ...a, mpReach: { ...mp, nextHop: nh, nextHopBytes: bytes } };
    }
    return nh.afi === 1 ? { ...a, nextHop: nh } : a;
  };
}

/** Prepends `asn` to the AS_PATH `count` times. */
export function prependAsPath(asn: number, count = 1): Action {
  return (a) => ({ ...a, asPath: asPathPrepend(a.asPath, asn, count) });
}
