/** One JSON object per line: session events and received routes, in a stable shape. */
import type { BgpSession, UpdateMeta } from "@tsbgp/bgp-fsm";
import {
  type IpAddress,
  type Nlri,
  type PathAttributes,
  type UpdateMessage,
  describeNotification,
  formatCommunity,
  formatExtendedCommunity,
  formatIpv4,
  formatIpv6,
  formatLargeCommunity,
  formatPrefix,
  normalizeAs4,
} from "@tsbgp/bgp-wire";

/** A line sink; the default writes to stdout. */
export type LineSink = (line: string) => void;

/** Writes `obj` as one JSON line with a timestamp. */
export function emitLine(sink: LineSink, obj: Record<string, unknown>): void {
  sink(JSON.stringify({ time: new Date().toISOString(), ...obj }));
}

function address(a: IpAddress | null | undefined): string | undefined {
  if (!a) return undefined;
  return a.afi === 1 ? formatIpv4(a.addr) : formatIpv6(a.addr);
}

const ORIGIN_NAMES = ["igp", "egp", "incomplete"] as const;

/** The JSON form of a route's attributes. */
export function attributesJson(a: PathAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (a.origin !== undefined) out.origin = ORIGIN_NAMES[a.origin];
  // AS_SEQUENCE members inline, an AS_SET as a nested list (bgpdump's {a,b} shown as [a,b]).
  if (a.asPath)
    out.asPath = a.asPath.flatMap((s): (number | number[])[] =>
      s.type === 1 || s.type === 4 ? [[...s.asns]] : [...s.asns],
    );
  const nh = a.mpReach?.nextHop ?? a.nextHop;
  if (nh) out.nextHop = address(nh);
  if (a.mpReach?.linkLocal) out.nextHopLinkLocal = address(a.mpReach.linkLocal);
  if (a.med !== undefined) out.med = a.med;
  if (a.localPref !== undefined) out.localPref = a.localPref;
  if (a.atomicAggregate) out.atomicAggregate = true;
  if (a.communities) out.communities = a.communities.map(formatCommunity);
  if (a.largeCommunities) out.largeCommunities = a.largeCommunities.map(formatLargeCommunity);
  if (a.extendedCommunities) out.extendedCommunities = a.extendedCommunities.map(formatExtendedCommunity);
  if (a.originatorId !== undefined) out.originatorId = formatIpv4(a.originatorId);
  if (a.clusterList) out.clusterList = a.clusterList.map(formatIpv4);
  return out;
}

function prefixJson(n: Nlri): Record<string, unknown> {
  return n.pathId === undefined
    ? { prefix: formatPrefix(n.prefix) }
    : { prefix: formatPrefix(n.prefix), pathId: n.pathId };
}

/** The route lines of one received UPDATE: withdrawals first, then announcements. */
export function routeLines(
  session: BgpSession,
  update: UpdateMessage,
  meta: UpdateMeta,
): Record<string, unknown>[] {
  const peer = session.name;
  const lines: Record<string, unknown>[] = [];
  const gone = [...update.withdrawn, ...(update.attributes.mpUnreach?.withdrawn ?? [])];
  for (const n of gone) lines.push({ event: "route", peer, action: "withdraw", ...prefixJson(n) });
  const added = [...update.nlri, ...(update.attributes.mpReach?.nlri ?? [])];
  if (added.length === 0) return lines;
  if (meta.treatAsWithdraw) {
    for (const n of added)
      lines.push({ event: "route", peer, action: "withdraw", reason: "treat-as-withdraw", ...prefixJson(n) });
    return lines;
  }
  // The RFC 6793 merge of AS4_PATH for peers without 4-octet AS support.
  const attrs = session.negotiated?.asn4 === false ? normalizeAs4(update.attributes) : update.attributes;
  const a = attributesJson(attrs);
  for (const n of added) lines.push({ event: "route", peer, action: "announce", ...prefixJson(n), ...a });
  return lines;
}

/** A NOTIFICATION as JSON. */
export function notificationJson(n: {
  code: number;
  subcode: number;
  data?: Uint8Array;
}): Record<string, unknown> {
  return { code: n.code, subcode: n.subcode, description: describeNotification(n.code, n.subcode) };
}
