import { TestkitError, TestkitErrorCode } from "../../errors.js";
import { parseOrigin, unspecifiedFor } from "../normalize.js";
import type { DaemonRoute, PeerState } from "../types.js";

/** The parts of a path in `show bgp <afi> unicast json detail` (FRR 8.4) the parser reads. */
interface FrrPath {
  aspath?: { segments?: { list?: number[] }[] };
  origin?: string;
  metric?: number;
  locPrf?: number;
  community?: { list?: string[] };
  largeCommunity?: { list?: string[] };
  originatorId?: string;
  clusterList?: { list?: string[] };
  nexthops?: { ip?: string; scope?: string }[];
  peer?: { peerId?: string };
  bestpath?: { overall?: boolean } | boolean;
  local?: boolean;
  sourced?: boolean;
}

function toRoute(prefix: string, p: FrrPath): DaemonRoute {
  const hop = p.nexthops?.find((n) => n.scope !== "link-local")?.ip ?? p.nexthops?.[0]?.ip;
  const peerId = p.peer?.peerId;
  // Locally originated paths show peerId 0.0.0.0 or "(unspec)".
  const fromPeer =
    p.local || p.sourced || !peerId || peerId === "0.0.0.0" || peerId.startsWith("(") ? undefined : peerId;
  const best = typeof p.bestpath === "boolean" ? p.bestpath : p.bestpath?.overall === true;
  return {
    prefix,
    nextHop: hop ?? unspecifiedFor(prefix),
    asPath: (p.aspath?.segments ?? []).flatMap((s) => s.list ?? []),
    origin: parseOrigin(p.origin),
    ...(p.metric === undefined ? {} : { med: p.metric }),
    ...(p.locPrf === undefined ? {} : { localPref: p.locPrf }),
    communities: p.community?.list ?? [],
    largeCommunities: p.largeCommunity?.list ?? [],
    ...(p.originatorId === undefined ? {} : { originatorId: p.originatorId }),
    ...(p.clusterList?.list === undefined ? {} : { clusterList: p.clusterList.list }),
    ...(fromPeer === undefined ? {} : { fromPeer }),
    best,
  };
}

function parseJson<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new TestkitError(TestkitErrorCode.PARSE_FAILED, `frr: bad JSON: ${text.slice(0, 200)}`, {
      cause: error,
    });
  }
}

/**
 * Parse `show bgp <afi> unicast json detail`: `routes[prefix]` is an array whose first element
 * describes the prefix and the rest are paths.
 */
export function parseFrrRoutes(text: string): DaemonRoute[] {
  const json = parseJson<{ routes?: Record<string, FrrPath[]> }>(text);
  return Object.entries(json.routes ?? {}).flatMap(([prefix, entries]) =>
    entries.filter((e) => e.nexthops !== undefined || e.origin !== undefined).map((p) => toRoute(prefix, p)),
  );
}

/** Parse `show bgp neighbors <address> json` into the FSM state name. */
export function parseFrrNeighborState(text: string, address: string): PeerState {
  const json = parseJson<Record<string, { bgpState?: string }>>(text);
  const state = json[address]?.bgpState;
  if (state === undefined)
    throw new TestkitError(
      TestkitErrorCode.PARSE_FAILED,
      `frr: no neighbor ${address}: ${text.slice(0, 200)}`,
    );
  return state;
}
