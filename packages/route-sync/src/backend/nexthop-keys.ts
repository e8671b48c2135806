/**
 * The bookkeeping pieces of {@link NexthopTable}: the keys that make two next hops (or ECMP
 * sets) one kernel object, the work one assignment collects, and what the kernel reports for an
 * object we created.
 * @module
 */
import type { DecodedNexthop, NexthopSpec } from "../codec/nexthop-codec.js";
import type { IpFamily } from "../model/ip.js";
import type { NexthopTable } from "./nexthop-table.js";

/** The key of one nexthop object: what makes two hops the same object. */
export const hopKey = (family: IpFamily, gateway: string, ifindex: number, onlink: boolean): string =>
  `${family}|${gateway}|${ifindex}|${onlink ? 1 : 0}`;

/** The key of one nexthop group: its members and weights, in any order. */
export const groupKey = (members: readonly { key: string; weight: number }[]): string =>
  `g|${members
    .map((m) => `${m.key}*${m.weight}`)
    .sort()
    .join(",")}`;

/** Marks a key that needs a route lookup first (a gateway given without a device). */
export const PENDING = "\u0000pending";

/** What one {@link NexthopTable.assign} call has to do besides sending routes. */
export interface AssignWork {
  /** Single objects to create, by key. */
  readonly hops: Map<string, (id: number) => NexthopSpec>;
  /** Groups to create, by key, with their members' keys. */
  readonly groups: Map<string, { key: string; weight: number }[]>;
  /** "family|gateway" -> gateway whose device a route lookup must find. */
  readonly lookups: Map<string, { family: IpFamily; gateway: string }>;
}

/** What the kernel will report for an object we just created. */
export function decodedOf(spec: NexthopSpec): DecodedNexthop {
  if (spec.kind === "group") {
    return {
      id: spec.id,
      protocol: spec.protocol,
      family: undefined,
      onlink: false,
      blackhole: false,
      group: spec.members,
    };
  }
  return {
    id: spec.id,
    protocol: spec.protocol,
    family: spec.family,
    gateway: spec.gateway,
    ifindex: spec.ifindex,
    onlink: spec.onlink,
    blackhole: false,
    group: [],
  };
}
