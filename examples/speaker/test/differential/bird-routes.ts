/**
 * BIRD's paths read from `birdc show route all`, for the differentials.
 *
 * Why not `Bird.routes()`: with `deterministic med on` BIRD marks the paths that lost within
 * their neighbouring AS as `(100-)` (suppressed), which the testkit parser does not recognise
 * as a path line, so it folds their attributes into the path above. This parser accepts the
 * flags BIRD 2 may print after the preference (`-` suppressed, `s` stale, `/metric`).
 */
import type { Bird, DaemonRoute, Origin } from "@tsbgp/testkit";

/** `<prefix?> <type> [<proto> <time...>] <*?> (<pref><flags>) [...]` */
const PATH_LINE = /^(\S+)?\s+\w+\s+\[(\S+)[^\]]*\]\s*(\*)?\s*\((\d+)([^)]*)\)/;

/** A BIRD path: the testkit's normalized route plus whether deterministic MED suppressed it. */
export interface BirdPath extends DaemonRoute {
  readonly suppressed: boolean;
}

interface Draft {
  prefix: string;
  protocol: string;
  best: boolean;
  suppressed: boolean;
  attrs: Map<string, string>;
}

const ORIGINS: Record<string, Origin> = { IGP: "igp", EGP: "egp", Incomplete: "incomplete" };

/** `(65001,100) (65001,200)` → `["65001:100", "65001:200"]`; the same for large communities. */
function tuples(text: string | undefined): string[] {
  return [...(text ?? "").matchAll(/\(([^)]*)\)/g)].map((m) => (m[1] ?? "").replace(/\s*,\s*/g, ":"));
}

function finish(d: Draft, peerOf: (protocol: string) => string | undefined): BirdPath {
  const a = d.attrs;
  const med = a.get("BGP.med");
  const localPref = a.get("BGP.local_pref");
  const originatorId = a.get("BGP.originator_id");
  const clusterList = a.get("BGP.cluster_list");
  const fromPeer = peerOf(d.protocol);
  return {
    prefix: d.prefix,
    // IPv6: the global next hop comes first, a link-local one may follow.
    nextHop: a.get("BGP.next_hop")?.split(/\s+/)[0] ?? "",
    asPath: (a.get("BGP.as_path")?.match(/\d+/g) ?? []).map(Number),
    origin: ORIGINS[a.get("BGP.origin") ?? ""] ?? "incomplete",
    ...(med === undefined ? {} : { med: Number(med) }),
    ...(localPref === undefined ? {} : { localPref: Number(localPref) }),
    communities: tuples(a.get("BGP.community")),
    largeCommunities: tuples(a.get("BGP.large_community")),
    ...(originatorId === undefined ? {} : { originatorId }),
    ...(clusterList === undefined ? {} : { clusterList: clusterList.split(/\s+/).filter(Boolean) }),
    ...(fromPeer === undefined ? {} : { fromPeer }),
    best: d.best,
    suppressed: d.suppressed,
  };
}

/** Parses `show route all` output; `peerOf` maps a protocol name to its neighbour address. */
export function parseBirdPaths(text: string, peerOf: (protocol: string) => string | undefined): BirdPath[] {
  const out: BirdPath[] = [];
  let cur: Draft | undefined;
  let lastPrefix: string | undefined;
  for (const line of text.split("\n")) {
    const attr = /^\s+(BGP\.\w+):\s?(.*)$/.exec(line);
    if (attr && cur) {
      cur.attrs.set(attr[1] ?? "", (attr[2] ?? "").trim());
      continue;
    }
    const m = PATH_LINE.exec(line);
    if (!m) continue;
    if (cur) out.push(finish(cur, peerOf));
    const prefix = m[1] ?? lastPrefix;
    if (prefix === undefined) throw new Error(`bird: path without prefix: ${line}`);
    lastPrefix = prefix;
    cur = {
      prefix,
      protocol: m[2] ?? "",
      best: m[3] === "*",
      suppressed: (m[5] ?? "").includes("-"),
      attrs: new Map(),
    };
  }
  if (cur) out.push(finish(cur, peerOf));
  return out;
}

/** Every path BIRD holds, with neighbour addresses from the driver's protocol names (`n<i>`). */
export async function birdPaths(bird: Bird): Promise<BirdPath[]> {
  const names = new Map(bird.options.neighbors.map((n, i) => [`n${i}`, n.address]));
  return parseBirdPaths(await bird.birdc("show route all"), (p) => names.get(p));
}
