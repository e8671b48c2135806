/**
 * The demo without root: the same cluster as agents in this one process, talking BGP over real
 * TCP on loopback addresses (127.0.1.x), with the in-memory route-sync backend instead of the
 * kernel. Reachability is checked on the routes: each container address must resolve, in the
 * other node's table, to a route via the owning node.
 */
import { MemoryBackend } from "@tsbgp/route-sync";
import { NodeAgent } from "../agent/node-agent.js";
import { containerV4, nodeBlockV4 } from "../cluster/addressing.js";
import { parseConfig } from "../config/load.js";
import { blockContains, ipBytes, parseBlock } from "../config/ip.js";
import { clusterConfigs, type DemoMode, type DemoNodeSpec } from "./cluster-config.js";

/** An in-process cluster. */
export interface InProcessCluster {
  readonly nodes: readonly DemoNodeSpec[];
  readonly agents: readonly NodeAgent[];
  readonly backends: readonly MemoryBackend[];
  /** Stop every agent (with Cease). */
  stop(): Promise<void>;
}

/** Options for {@link startInProcessCluster}. */
export interface InProcessOptions {
  readonly nodes?: number;
  readonly mode: DemoMode;
  /** TCP port on the loopback addresses (default 17900). */
  readonly port?: number;
  /** First loopback address's third octet (default 1: 127.0.1.x), to run clusters side by side. */
  readonly subnet?: number;
}

/** Start `nodes` agents on 127.0.<subnet>.1… with memory backends. */
export async function startInProcessCluster(options: InProcessOptions): Promise<InProcessCluster> {
  const count = options.nodes ?? 4;
  const subnet = options.subnet ?? 1;
  const nodes: DemoNodeSpec[] = [];
  for (let i = 1; i <= count; i++) {
    nodes.push({ name: `node-${i}`, address: `127.0.${subnet}.${i}`, blocks: [nodeBlockV4(i)] });
  }
  const texts = clusterConfigs(nodes, { mode: options.mode, port: options.port ?? 17900, holdTime: 9 });
  const backends = nodes.map(() => new MemoryBackend());
  const agents = texts.map((t, i) => {
    // Loopback addresses need an explicit listen address: each agent binds its own.
    const config = parseConfig(t, nodes[i]!.name);
    return new NodeAgent(
      { ...config, listen: { ...config.listen, address: nodes[i]!.address } },
      { backend: backends[i]! },
    );
  });
  await Promise.all(agents.map((a) => a.start()));
  return {
    nodes,
    agents,
    backends,
    stop: async () => {
      await Promise.all(agents.map((a) => a.stop()));
    },
  };
}

/** Route-level reachability: X of Y containers resolve via their owner from the next node. */
export async function routeReachability(
  cluster: InProcessCluster,
  containersPerNode = 2,
): Promise<{ ok: number; total: number }> {
  const n = cluster.nodes.length;
  let ok = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const owner = cluster.nodes[i]!;
    const from = (i + 1) % n;
    const routes = await cluster.backends[from]!.listRoutes({ family: 4 });
    for (let c = 0; c < containersPerNode; c++) {
      total++;
      const target = ipBytes(containerV4(i + 1, c))!;
      const match = routes
        .filter((r) => {
          const b = parseBlock(`${r.prefix.address}/${r.prefix.length}`);
          return typeof b !== "string" && blockContains(b, target);
        })
        .sort((a, b) => b.prefix.length - a.prefix.length)[0];
      if (match?.nexthops.some((h) => h.gateway === owner.address)) ok++;
    }
  }
  return { ok, total };
}
