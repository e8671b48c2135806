import { TestkitError, TestkitErrorCode } from "../../errors.js";
import { communityFromNumber, parseOrigin, unspecifiedFor } from "../normalize.js";
import type { DaemonRoute, PeerState } from "../types.js";

/** Path attribute type codes (RFC 4271 §5, RFC 4456, RFC 4760, RFC 8092). */
const Attr = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MED: 4,
  LOCAL_PREF: 5,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  MP_REACH_NLRI: 14,
  LARGE_COMMUNITY: 32,
} as const;

/** The parts of a gobgp `-j` attribute the parser reads. */
interface JsonAttr {
  type: number;
  value?: unknown;
  metric?: number;
  nexthop?: string;
  as_paths?: { asns?: number[] }[];
  communities?: number[];
}

interface JsonPath {
  nlri?: { prefix?: string };
  best?: boolean;
  attrs?: JsonAttr[];
  "neighbor-ip"?: string;
}

function pathToRoute(prefix: string, path: JsonPath): DaemonRoute {
  const attrs = new Map((path.attrs ?? []).map((a) => [a.type, a]));
  const value = (type: number): unknown => attrs.get(type)?.value;
  const nextHop = attrs.get(Attr.NEXT_HOP)?.nexthop ?? attrs.get(Attr.MP_REACH_NLRI)?.nexthop;
  const med = attrs.get(Attr.MED)?.metric;
  const localPref = value(Attr.LOCAL_PREF);
  const originatorId = value(Attr.ORIGINATOR_ID);
  const clusterList = value(Attr.CLUSTER_LIST);
  const large = (value(Attr.LARGE_COMMUNITY) ?? []) as {
    ASN: number;
    LocalData1: number;
    LocalData2: number;
  }[];
  const fromPeer = path["neighbor-ip"];
  return {
    prefix,
    nextHop: nextHop ?? unspecifiedFor(prefix),
    asPath: (attrs.get(Attr.AS_PATH)?.as_paths ?? []).flatMap((segment) => segment.asns ?? []),
    origin: parseOrigin(value(Attr.ORIGIN) as number | undefined),
    ...(med === undefined ? {} : { med }),
    ...(typeof localPref === "number" ? { localPref } : {}),
    communities: (attrs.get(Attr.COMMUNITIES)?.communities ?? []).map(communityFromNumber),
    largeCommunities: large.map((c) => `${c.ASN}:${c.LocalData1}:${c.LocalData2}`),
    ...(typeof originatorId === "string" ? { originatorId } : {}),
    ...(Array.isArray(clusterList) ? { clusterList: clusterList.map(String) } : {}),
    ...(fromPeer === undefined ? {} : { fromPeer }),
    best: path.best === true,
  };
}

/** Parse `gobgp -j global rib -a <family>`: `{ "<prefix>": [path, ...] }`. */
export function parseGobgpRib(json: string): DaemonRoute[] {
  const text = json.trim();
  if (text === "" || text === "null") return [];
  let table: Record<string, JsonPath[]>;
  try {
    table = JSON.parse(text) as Record<string, JsonPath[]>;
  } catch (error) {
    throw new TestkitError(TestkitErrorCode.PARSE_FAILED, `gobgp: bad JSON: ${text.slice(0, 200)}`, {
      cause: error,
    });
  }
  return Object.entries(table).flatMap(([prefix, paths]) => paths.map((p) => pathToRoute(prefix, p)));
}

/** GoBGP's `session_state` numbers (apipb.PeerState.SessionState). */
const SESSION_STATES = [
  "Unknown",
  "Idle",
  "Connect",
  "Active",
  "OpenSent",
  "OpenConfirm",
  "Established",
] as const;

/** Parse `gobgp -j neighbor <address>` into a state name. */
export function parseGobgpNeighborState(json: string): PeerState {
  let state: unknown;
  try {
    state = (JSON.parse(json) as { state?: { session_state?: unknown } }).state?.session_state;
  } catch (error) {
    throw new TestkitError(TestkitErrorCode.PARSE_FAILED, `gobgp: bad JSON: ${json.slice(0, 200)}`, {
      cause: error,
    });
  }
  if (typeof state === "number") return SESSION_STATES[state] ?? `Unknown(${state})`;
  // Older releases print the enum name, e.g. "ESTABLISHED".
  if (typeof state === "string") {
    return SESSION_STATES.find((s) => s.toLowerCase() === state.toLowerCase()) ?? state;
  }
  return "Idle";
}
