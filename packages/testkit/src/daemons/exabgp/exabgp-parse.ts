import { parseOrigin } from "../normalize.js";
import type { DaemonRoute, PeerState } from "../types.js";

/** The parts of an ExaBGP 4 JSON message the parser reads. */
interface ExaMessage {
  type?: string;
  neighbor?: {
    address?: { peer?: string };
    state?: string;
    message?: {
      update?: {
        attribute?: ExaAttributes;
        announce?: Record<string, Record<string, (NlriEntry | string)[]>>;
        withdraw?: Record<string, (NlriEntry | string)[]>;
      };
    };
  };
}

interface NlriEntry {
  nlri?: string;
}

interface ExaAttributes {
  origin?: string;
  "as-path"?: (number | number[])[];
  med?: number;
  "local-preference"?: number;
  community?: number[][];
  "large-community"?: number[][];
  "originator-id"?: string;
  "cluster-list"?: string[];
}

/** What the received-updates log says: each peer's session state and current routes. */
export interface ExabgpView {
  readonly states: ReadonlyMap<string, PeerState>;
  readonly routes: DaemonRoute[];
}

/** ExaBGP `neighbor-changes` states mapped to FSM names. */
const STATE_NAMES: Record<string, PeerState> = {
  connected: "OpenSent",
  up: "Established",
  down: "Idle",
  shutdown: "Idle",
};

const nlriOf = (entry: NlriEntry | string): string | undefined =>
  typeof entry === "string" ? entry : entry.nlri;

function toRoute(prefix: string, nextHop: string, peer: string, a: ExaAttributes): DaemonRoute {
  return {
    prefix,
    nextHop,
    asPath: (a["as-path"] ?? []).flat(),
    origin: parseOrigin(a.origin),
    ...(a.med === undefined ? {} : { med: a.med }),
    ...(a["local-preference"] === undefined ? {} : { localPref: a["local-preference"] }),
    communities: (a.community ?? []).map((c) => c.join(":")),
    largeCommunities: (a["large-community"] ?? []).map((c) => c.join(":")),
    ...(a["originator-id"] === undefined ? {} : { originatorId: a["originator-id"] }),
    ...(a["cluster-list"] === undefined ? {} : { clusterList: a["cluster-list"] }),
    fromPeer: peer,
    best: true,
  };
}

/**
 * Replay the JSON lines written by the API helper: announcements add or replace a peer's route,
 * withdrawals and a session going down remove them (ExaBGP keeps no Adj-RIB-In of its own here).
 * Unparseable lines (a partial last line) are skipped.
 */
export function replayExabgpLog(text: string): ExabgpView {
  const states = new Map<string, PeerState>();
  const tables = new Map<string, Map<string, DaemonRoute>>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let msg: ExaMessage;
    try {
      msg = JSON.parse(line) as ExaMessage;
    } catch {
      continue;
    }
    const peer = msg.neighbor?.address?.peer;
    if (peer === undefined) continue;
    const table = tables.get(peer) ?? new Map<string, DaemonRoute>();
    tables.set(peer, table);
    if (msg.type === "state" && msg.neighbor?.state) {
      states.set(peer, STATE_NAMES[msg.neighbor.state] ?? msg.neighbor.state);
      if (msg.neighbor.state !== "up" && msg.neighbor.state !== "connected") table.clear();
      continue;
    }
    const update = msg.neighbor?.message?.update;
    if (msg.type !== "update" || !update) continue;
    for (const entries of Object.values(update.withdraw ?? {})) {
      for (const e of entries) table.delete(nlriOf(e) ?? "");
    }
    for (const byNextHop of Object.values(update.announce ?? {})) {
      const seen = new Set<string>();
      // IPv6 announcements list the global next hop first, then the link-local one.
      for (const [nextHop, entries] of Object.entries(byNextHop)) {
        for (const e of entries) {
          const prefix = nlriOf(e);
          if (prefix === undefined || seen.has(prefix)) continue;
          seen.add(prefix);
          table.set(prefix, toRoute(prefix, nextHop, peer, update.attribute ?? {}));
        }
      }
    }
  }
  return { states, routes: [...tables.values()].flatMap((t) => [...t.values()]) };
}
