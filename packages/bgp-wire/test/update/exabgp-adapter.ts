/**
 * Turns our decoded UPDATE into the fields of ExaBGP's JSON (`update.attribute`,
 * `update.announce`, `update.withdraw`) so the golden vectors can be compared field by field.
 */
import { formatExtendedCommunity } from "../../src/attributes/community-format.js";
import { formatIpv4, formatIpv6, formatPrefix } from "../../src/prefix-format.js";
import type { IpAddress, Nlri } from "../../src/types/address.js";
import type { UpdateMessage } from "../../src/types/messages.js";

const ORIGIN = ["igp", "egp", "incomplete"];
const SEGMENT = ["", "as-set", "as-sequence", "confed-sequence", "confed-set"];

function addr(a: IpAddress): string {
  return a.afi === 1 ? formatIpv4(a.addr) : formatIpv6(a.addr);
}

function nlriJson(e: Nlri): Record<string, string> {
  const o: Record<string, string> = { nlri: formatPrefix(e.prefix) };
  if (e.pathId !== undefined) o["path-information"] = formatIpv4(e.pathId);
  return o;
}

function familyName(afi: number): string {
  return afi === 1 ? "ipv4 unicast" : "ipv6 unicast";
}

/** The `update` object of ExaBGP's JSON, from our structure. */
export function toExabgp(msg: UpdateMessage): Record<string, unknown> {
  const a = msg.attributes;
  const attribute: Record<string, unknown> = {};
  if (a.origin !== undefined) attribute.origin = ORIGIN[a.origin];
  if (a.asPath && a.asPath.length > 0) {
    const p: Record<string, unknown> = {};
    a.asPath.forEach((s, i) => {
      p[String(i)] = { element: SEGMENT[s.type], value: [...s.asns] };
    });
    attribute["as-path"] = p;
  }
  if (a.med !== undefined) attribute.med = a.med;
  if (a.localPref !== undefined) attribute["local-preference"] = a.localPref;
  if (a.atomicAggregate) attribute["atomic-aggregate"] = true;
  if (a.aggregator) attribute.aggregator = `${a.aggregator.asn}:${formatIpv4(a.aggregator.address)}`;
  if (a.communities) attribute.community = a.communities.map((c) => [c >>> 16, c & 0xffff]);
  if (a.originatorId !== undefined) attribute["originator-id"] = formatIpv4(a.originatorId);
  if (a.clusterList) attribute["cluster-list"] = a.clusterList.map(formatIpv4);
  if (a.extendedCommunities) {
    attribute["extended-community"] = a.extendedCommunities.map((c) => {
      let v = 0n;
      for (const b of c) v = (v << 8n) | BigInt(b);
      return { value: Number(v), string: formatExtendedCommunity(c) };
    });
  }
  if (a.largeCommunities)
    attribute["large-community"] = a.largeCommunities.map((c) => [c.global, c.local1, c.local2]);
  for (const u of a.unknown ?? []) {
    const h = (n: number): string => n.toString(16).toUpperCase().padStart(2, "0");
    let v = "0x";
    for (const b of u.value) v += h(b);
    attribute[`attribute-0x${h(u.type)}-0x${h(u.flags)}`] = v;
  }
  const out: Record<string, unknown> = {};
  if (Object.keys(attribute).length > 0) out.attribute = attribute;

  const announce: Record<string, Record<string, Record<string, string>[]>> = {};
  if (msg.nlri.length > 0 && a.nextHop) {
    announce["ipv4 unicast"] = { [addr(a.nextHop)]: msg.nlri.map(nlriJson) };
  }
  if (a.mpReach?.nextHop && a.mpReach.nlri.length > 0) {
    const fam = familyName(a.mpReach.afi);
    announce[fam] = { ...announce[fam], [addr(a.mpReach.nextHop)]: a.mpReach.nlri.map(nlriJson) };
  }
  if (Object.keys(announce).length > 0) out.announce = announce;

  const withdraw: Record<string, Record<string, string>[]> = {};
  if (msg.withdrawn.length > 0) withdraw["ipv4 unicast"] = msg.withdrawn.map(nlriJson);
  if (a.mpUnreach && a.mpUnreach.withdrawn.length > 0) {
    withdraw[familyName(a.mpUnreach.afi)] = a.mpUnreach.withdrawn.map(nlriJson);
  }
  if (Object.keys(withdraw).length > 0) out.withdraw = withdraw;
  return out;
}
