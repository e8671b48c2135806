/**
 * The agents' configurations for a simulated cluster, built the node agent's way: one shared
 * cluster list and, per node, its peers from the agent's own `derivePeers` (Calico's rules: mesh
 * nodes peer with each other, reflectors with everyone, clients only with the reflectors; the
 * lower address of each pair connects).
 *
 * The configs are built as objects rather than YAML run through `validateConfig`: its block
 * overlap check compares every pair of blocks in the cluster list, which is O(N²) per node and
 * O(N³) for the cluster (about 5·10⁸ comparisons at N = 1,000), a config-time cost that says
 * nothing about BGP. Everything the agent runs (sessions, RIB, export, block guard) is unchanged.
 */
import {
  type AgentConfig,
  type AgentTimers,
  type ClusterNode,
  DEMO_CLUSTER_ID,
  derivePeers,
  type NodeRole,
  parseBlock,
} from "@tsbgp/example-node-agent";
import { simNodeAddress, simNodeBlock } from "./addressing.js";

/** Mesh or route reflectors. */
export type SimMode = "mesh" | "rr";

/**
 * A port for a cluster's agents. The agent uses its listen port as its peers' port, so it is one
 * number per cluster, and BGP only ever "connects" to it in memory; but each agent also binds a
 * real, idle listener on it (see {@link simListenAddress}), so clusters running side by side
 * (tests, the curves) each pick one at random to stay apart.
 */
export function randomSimPort(): number {
  return 20_000 + Math.floor(Math.random() * 40_000);
}

/**
 * Where node `i`'s speaker binds its (unused) real listener: `NodeAgent.start()` always listens
 * and takes no option to skip it, so each agent gets its own loopback address (127.77.x.y) and
 * one idle socket. No BGP traffic uses it: sessions connect through the in-memory network.
 */
export function simListenAddress(i: number): string {
  return `127.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

/** Calico's default AS. */
export const SIM_AS = 64512;

/** Timers of the node agent's config defaults (`validateConfig`): what a user gets. */
export const DEFAULT_SIM_TIMERS: AgentTimers = {
  holdTime: 30,
  keepaliveTime: 10,
  connectRetryTime: 5,
  restartTime: 120,
};

/** Options of {@link buildConfigs}. */
export interface TopologyInit {
  readonly nodes: number;
  readonly mode: SimMode;
  /** Reflectors in `rr` mode: the first R nodes. */
  readonly reflectors: number;
  readonly timers?: AgentTimers;
  /** BGP port of every node (see {@link randomSimPort}). */
  readonly port: number;
}

/** Role of node `i` (0-based). */
export function simRole(init: TopologyInit, i: number): NodeRole {
  if (init.mode === "mesh") return "mesh";
  return i < init.reflectors ? "reflector" : "client";
}

/** Sessions the topology should establish: N(N-1)/2 for a mesh; R(R-1)/2 + R(N-R) with reflectors. */
export function expectedSessions(init: Pick<TopologyInit, "nodes" | "mode" | "reflectors">): number {
  const n = init.nodes;
  if (init.mode === "mesh") return (n * (n - 1)) / 2;
  const r = init.reflectors;
  return (r * (r - 1)) / 2 + r * (n - r);
}

/** One validated-shape agent config per node, in node order. */
export function buildConfigs(init: TopologyInit): AgentConfig[] {
  const timers = init.timers ?? DEFAULT_SIM_TIMERS;
  const cluster: ClusterNode[] = [];
  for (let i = 0; i < init.nodes; i++) {
    const block = parseBlock(simNodeBlock(i + 1));
    if (typeof block === "string") throw new Error(`bad simulator block: ${block}`);
    cluster.push({
      name: `node-${i + 1}`,
      address: simNodeAddress(i + 1),
      role: simRole(init, i),
      asNumber: SIM_AS,
      blocks: [block],
    });
  }
  return cluster.map((self, i) => {
    const others = cluster.filter((_, j) => j !== i);
    const role = self.role;
    return {
      nodeName: self.name,
      routerId: self.address,
      asNumber: SIM_AS,
      nodeAddress: self.address,
      role,
      ...(role === "reflector" ? { clusterId: DEMO_CLUSTER_ID } : {}),
      blocks: self.blocks,
      cluster: others,
      peers: derivePeers({ address: self.address, role }, others),
      timers,
      gracefulRestart: true,
      kernel: { protocol: 80, table: 254 },
      // The agent always listens; no connection ever reaches this real socket (see SIM_LISTEN).
      listen: { address: simListenAddress(i + 1), port: init.port },
    } satisfies AgentConfig;
  });
}
