import { TestkitError, TestkitErrorCode } from "../../errors.js";
import { parseOrigin, unspecifiedFor } from "../normalize.js";
import type { DaemonRoute, PeerState } from "../types.js";

/**
 * First line of a path in `show route all`, e.g.
 * `198.51.100.0/24      unicast [n1 07:49:34.502] * (100) [AS65002i]`; later paths of the same
 * prefix start with blanks instead of the prefix.
 */
const PATH_LINE = /^(\S+)?\s+(\w+)\s+\[(\S+)[^\]]*\]\s*(\*)?\s*\((\d+)(?:\/\S+)?\)/;

interface PathDraft {
  prefix: string;
  protocol: string;
  best: boolean;
  gateway?: string;
  attrs: Map<string, string>;
}

/** `(65001,100) (65001,200)` -> `["65001:100", "65001:200"]`; same for large communities. */
function parseTuples(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(/\(([^)]*)\)/g)].map((m) =>
    (m[1] ?? "")
      .split(",")
      .map((s) => s.trim())
      .join(":"),
  );
}

function toRoute(draft: PathDraft, peerOf: (protocol: string) => string | undefined): DaemonRoute {
  const a = draft.attrs;
  const nextHop = a.get("BGP.next_hop")?.split(/\s+/)[0] ?? draft.gateway ?? unspecifiedFor(draft.prefix);
  const med = a.get("BGP.med");
  const localPref = a.get("BGP.local_pref");
  const originatorId = a.get("BGP.originator_id");
  const clusterList = a.get("BGP.cluster_list");
  const fromPeer = peerOf(draft.protocol);
  return {
    prefix: draft.prefix,
    nextHop,
    // AS_SETs print as `{1 2}`: flatten them in order.
    asPath: (a.get("BGP.as_path")?.match(/\d+/g) ?? []).map(Number),
    origin: parseOrigin(a.get("BGP.origin")),
    ...(med === undefined ? {} : { med: Number(med) }),
    ...(localPref === undefined ? {} : { localPref: Number(localPref) }),
    communities: parseTuples(a.get("BGP.community")),
    largeCommunities: parseTuples(a.get("BGP.large_community")),
    ...(originatorId === undefined ? {} : { originatorId }),
    ...(clusterList === undefined ? {} : { clusterList: clusterList.split(/\s+/).filter(Boolean) }),
    ...(fromPeer === undefined ? {} : { fromPeer }),
    best: draft.best,
  };
}

/**
 * Parse `birdc show route all` (BIRD 2.0) into normalized paths.
 *
 * @param peerOf Maps a BGP protocol name to its neighbour address (`undefined` for static etc.).
 */
export function parseBirdRoutes(
  text: string,
  peerOf: (protocol: string) => string | undefined,
): DaemonRoute[] {
  const routes: DaemonRoute[] = [];
  let current: PathDraft | undefined;
  let lastPrefix: string | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^\d{4}-/, ""); // birdc -v reply codes, if present
    if (line.startsWith("Table ") || line.startsWith("BIRD ") || line.trim() === "") continue;
    const attr = /^\s+(BGP\.\w+|Type):\s?(.*)$/.exec(line);
    if (attr && current) {
      current.attrs.set(attr[1] ?? "", (attr[2] ?? "").trim());
      continue;
    }
    const via = /^\s+via\s+(\S+)/.exec(line);
    if (via && current) {
      if (current.gateway === undefined && via[1] !== undefined) current.gateway = via[1];
      continue;
    }
    const path = PATH_LINE.exec(line);
    if (path) {
      if (current) routes.push(toRoute(current, peerOf));
      const prefix = path[1] ?? lastPrefix;
      if (prefix === undefined)
        throw new TestkitError(TestkitErrorCode.PARSE_FAILED, `bird: path without prefix: ${line}`);
      lastPrefix = prefix;
      current = { prefix, protocol: path[3] ?? "", best: path[4] === "*", attrs: new Map() };
    }
  }
  if (current) routes.push(toRoute(current, peerOf));
  return routes;
}

/** The `BGP state:` of `birdc show protocols all <name>`; `Down` if the protocol shows none. */
export function parseBirdProtocolState(text: string): PeerState {
  const state = /BGP state:\s+(\S+)/.exec(text)?.[1];
  if (state) return state;
  if (/^\S+\s+BGP\s+/m.test(text)) return "Down";
  throw new TestkitError(TestkitErrorCode.PARSE_FAILED, `bird: no such protocol in:\n${text}`);
}
