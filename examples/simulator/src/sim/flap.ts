/**
 * A node flaps: every `period` its links reset (both ends see the connection fail, no
 * NOTIFICATION). bgp-fsm's DampPeerOscillations (RFC 4271 §8.1.1) doubles IdleHoldTime on each
 * failure close to the previous one, so after a few flaps the node's sessions stay down through
 * the next flap and the rest of the cluster stops hearing about it. Graceful restart (RFC 4724)
 * also keeps the flapping node's routes as stale across each reset.
 */
import { measurePhase } from "./phase.js";
import type { FlapResult } from "./result.js";
import type { SimCluster } from "./sim-cluster.js";

/** Options of {@link flapNode}. */
export interface FlapOptions {
  /** The flapping node (default: the last). */
  readonly index?: number;
  /** Link resets (default 10). */
  readonly flaps?: number;
  /** Virtual seconds between resets (default 30). */
  readonly periodS?: number;
  readonly wallMs?: number;
}

/** Flaps one node and counts what the others see per period. */
export async function flapNode(cluster: SimCluster, options: FlapOptions = {}): Promise<FlapResult> {
  const index = options.index ?? cluster.nodes.length - 1;
  const flaps = options.flaps ?? 10;
  const periodS = options.periodS ?? 30;
  const node = cluster.nodes[index]!;
  const others = cluster.nodes.filter((n) => n !== node);
  const updatesOfOthers = () => {
    let n = 0;
    for (const o of others) n += cluster.network.traffic.updatesIn.get(o.config.nodeAddress) ?? 0;
    return n;
  };
  const changesOfOthers = () => others.reduce((n, o) => n + o.view.changes, 0);
  const established = () =>
    node.agent!.peers.reduce((n, l) => n + l.session.counters.establishedTransitions, 0);
  const est0 = established();
  const reset: number[] = [];
  const updates: number[] = [];
  const changes: number[] = [];
  for (let f = 0; f < flaps; f++) {
    const u0 = updatesOfOthers();
    const c0 = changesOfOthers();
    reset.push(cluster.resetLinks(index));
    await cluster.driver.runFor(periodS * 1000);
    updates.push(updatesOfOthers() - u0);
    changes.push(changesOfOthers() - c0);
  }
  const reestablished = established() - est0;
  // Graceful restart keeps the node's routes while its sessions are down, so the routes alone may
  // look converged: recovery also waits for every session of the node to be back. Damping may
  // hold them down for up to maxIdleHoldTime (300 s) after the last flap.
  const allUp = () => node.agent!.peers.every((l) => l.session.state === "Established");
  const recovery = await measurePhase(cluster, async () => {}, {
    virtualMs: 900_000,
    until: allUp,
    ...(options.wallMs === undefined ? {} : { wallMs: options.wallMs }),
  });
  return {
    node: node.config.nodeName,
    flaps,
    period_s: periodS,
    connections_reset: reset,
    updates_seen_by_others: updates,
    route_changes_by_others: changes,
    sessions_reestablished: reestablished,
    recovery,
  };
}
