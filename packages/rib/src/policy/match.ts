/**
 * Typed route matchers for policies. Each returns a predicate over a {@link PolicyRoute};
 * combine them with {@link allOf}, {@link anyOf} and {@link not}.
 */
import type { IpAddress, LargeCommunity, Prefix } from "@tsbgp/bgp-wire";
import { asPathText } from "../as-path.js";
import { prefixContains } from "../prefix-key.js";
import type { PolicyRoute } from "./types.js";

/** A route predicate. */
export type Matcher = (r: PolicyRoute) => boolean;

/** One prefix-list entry: routes inside `prefix` whose length is within `ge`..`le`. */
export interface PrefixListEntry {
  readonly prefix: Prefix;
  /** Minimum length (default: the entry's own length). */
  readonly ge?: number;
  /** Maximum length (default: the family maximum when `ge` is given, else the entry's own length). */
  readonly le?: number;
}

/**
 * Matches routes whose prefix falls in any entry. Without `ge`/`le` an entry matches exactly
 * its prefix; `le` alone means lengths len..le; `ge` alone means ge..max (as in FRR and BIRD's
 * `{a, b}` ranges).
 */
export function prefixList(entries: readonly PrefixListEntry[]): Matcher {
  return (r) =>
    entries.some((e) => {
      const max = e.prefix.afi === 1 ? 32 : 128;
      const lo = e.ge ?? e.prefix.len;
      const hi = e.le ?? (e.ge !== undefined ? max : e.prefix.len);
      return r.prefix.len >= lo && r.prefix.len <= hi && prefixContains(e.prefix, r.prefix);
    });
}

/** Matches routes carrying any (or, with `all`, every) of the communities (uint32 values). */
export function community(values: readonly number[], mode: "any" | "all" = "any"): Matcher {
  return (r) => {
    const c = r.attrs.communities ?? [];
    return mode === "any" ? values.some((v) => c.includes(v)) : values.every((v) => c.includes(v));
  };
}

/** Matches routes carrying any of the large communities (RFC 8092). */
export function largeCommunity(values: readonly LargeCommunity[]): Matcher {
  return (r) =>
    (r.attrs.largeCommunities ?? []).some((c) =>
      values.some((v) => v.global === c.global && v.local1 === c.local1 && v.local2 === c.local2),
    );
}

/**
 * Matches the AS_PATH text (ASes separated by single spaces, sets as `{a,b}`) against a
 * regular expression, e.g. `/^65001 /` (learned from 65001) or `/ 65010$/` (originated by 65010).
 */
export function asPathRegex(re: RegExp): Matcher {
  return (r) => re.test(asPathText(r.attrs.asPath));
}

/** Matches routes from a peer with one of these ASes, addresses or names. */
export function peer(sel: {
  asn?: readonly number[];
  address?: readonly IpAddress[];
  name?: readonly string[];
}): Matcher {
  return (r) =>
    (sel.asn === undefined || sel.asn.includes(r.peer.asn)) &&
    (sel.name === undefined || sel.name.includes(r.peer.name)) &&
    (sel.address === undefined || sel.address.some((a) => sameAddress(a, r.peer.address)));
}

/** Matches routes whose next hop lies in one of the prefixes. */
export function nextHopIn(prefixes: readonly Prefix[]): Matcher {
  return (r) => {
    const nh = r.attrs.mpReach?.nextHop ?? r.attrs.nextHop;
    if (!nh) return false;
    const host: Prefix = nh.afi === 1 ? { ...nh, len: 32 } : { ...nh, len: 128 };
    return prefixes.some((p) => prefixContains(p, host));
  };
}

/** Every matcher holds (true for none). */
export function allOf(...ms: readonly Matcher[]): Matcher {
  return (r) => ms.every((m) => m(r));
}

/** Some matcher holds. */
export function anyOf(...ms: readonly Matcher[]): Matcher {
  return (r) => ms.some((m) => m(r));
}

/** Negation. */
export function not(m: Matcher): Matcher {
  return (r) => !m(r);
}

function sameAddress(a: IpAddress, b: IpAddress): boolean {
  if (a.afi === 1 || b.afi === 1) return a.afi === b.afi && a.addr === b.addr;
  return a.addr.every((x, i) => x === b.addr[i]);
}
