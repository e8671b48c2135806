/**
 * One demo phase in namespaces: write each node's config, start one agent process per node
 * (tracked by the Lab, so it is stopped on teardown), wait for the kernel routes to converge,
 * count sessions and check reachability.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sleep, type TrackedProcess } from "@tsbgp/testkit";
import type { DemoCluster } from "../cluster/cluster.js";
import { checkReachability, type Reachability } from "../cluster/reachability.js";
import { agentCommand } from "./agent-command.js";
import { clusterConfigs, type ClusterConfigOptions, type DemoMode } from "./cluster-config.js";

/** Kernel protocol number of the demo agents' routes (the config default). */
export const DEMO_PROTOCOL = 80;

/** Agents running on a demo cluster. */
export interface RunningAgents {
  readonly mode: DemoMode;
  /** One process per node (index = node index - 1); none for nodes left out with `only`. */
  readonly processes: (TrackedProcess | undefined)[];
  /** Config file per node. */
  readonly configFiles: readonly string[];
  /** Log file per node. */
  readonly logFiles: readonly string[];
  /** Restart the agent of node `i` (0-based) after it stopped. */
  restart(i: number): TrackedProcess;
}

/** Write configs and start one agent per node. */
export function startAgents(
  cluster: DemoCluster,
  mode: DemoMode,
  options: Partial<ClusterConfigOptions> = {},
): RunningAgents {
  const dir = cluster.lab.makeWorkdir(`agents-${mode}`);
  const texts = clusterConfigs(
    cluster.nodes.map((n) => ({
      name: n.name,
      address: n.address,
      ...(cluster.ipv6 ? { addressV6: n.addressV6 } : {}),
      blocks: cluster.ipv6 ? [n.blockV4, n.blockV6] : [n.blockV4],
    })),
    { metricsPort: 9091, ...options, mode },
  );
  const configFiles = texts.map((t, i) => {
    const file = join(dir, `${cluster.nodes[i]!.name}.yaml`);
    writeFileSync(file, t);
    return file;
  });
  const logFiles = cluster.nodes.map((n) => join(dir, `${n.name}.log`));
  const spawn = (i: number) => {
    const c = agentCommand(["run", "--config", configFiles[i]!]);
    return cluster.nodes[i]!.host.spawn(c.cmd, c.args, { logFile: logFiles[i]!, cwd: c.cwd });
  };
  const processes = cluster.nodes.map((_, i) =>
    options.only === undefined || options.only.includes(i) ? spawn(i) : undefined,
  );
  return {
    mode,
    processes,
    configFiles,
    logFiles,
    restart(i) {
      const p = spawn(i);
      processes[i] = p;
      return p;
    },
  };
}

/** Learned (unicast, via a gateway) routes of our protocol in a node's kernel, as `prefix via gw` lines. */
export async function learnedRoutes(cluster: DemoCluster, i: number, family: 4 | 6 = 4): Promise<string[]> {
  const { stdout } = await cluster.nodes[i]!.host.exec("ip", [
    `-${family}`,
    "route",
    "show",
    "proto",
    String(DEMO_PROTOCOL),
  ]);
  // route-sync installs through kernel nexthop objects: `ip route` names the object (`nhid N`)
  // before the gateway it resolves to; the id says nothing about where the route goes.
  return stdout
    .split("\n")
    .filter((l) => l.includes(" via ") || l.includes("nexthop"))
    .map((l) => l.replace(/ nhid \d+/, ""));
}

/** True when every node has a learned route for every other node's block (both families if IPv6). */
export async function kernelConverged(cluster: DemoCluster): Promise<boolean> {
  const want = cluster.nodes.length - 1;
  for (let i = 0; i < cluster.nodes.length; i++) {
    const v4 = (await learnedRoutes(cluster, i, 4)).filter((l) => !l.startsWith("\t")).length;
    if (v4 < want) return false;
    if (cluster.ipv6 && (await learnedRoutes(cluster, i, 6)).filter((l) => !l.startsWith("\t")).length < want)
      return false;
  }
  return true;
}

/**
 * Established BGP sessions of one family in the cluster (TCP connections on port 179, each
 * counted once although both ends see it).
 */
export async function sessionCount(cluster: DemoCluster, family: 4 | 6 = 4): Promise<number> {
  let ends = 0;
  for (const n of cluster.nodes) {
    const { stdout } = await n.host.exec("ss", [
      "-Htn",
      "state",
      "established",
      "( sport = :179 or dport = :179 )",
    ]);
    // A listener on `::` holds IPv4 sessions as v4-mapped IPv6 sockets: classify by the peer address.
    const peers = stdout
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.trim().split(/\s+/).at(-1) ?? "");
    ends += peers.filter((p) => (p.includes(".") ? 4 : 6) === family).length;
  }
  return ends / 2;
}

/** Poll until `check` holds or `timeoutMs` passes; returns whether it held. */
export async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return check();
}

/** Stop every agent with SIGTERM (they send Cease) and wait for them to exit. */
export async function stopAgents(agents: RunningAgents): Promise<void> {
  await Promise.all(agents.processes.map((p) => p?.stop(5_000)));
}

/** Reachability of the cluster right now. */
export function reachability(cluster: DemoCluster): Promise<Reachability> {
  return checkReachability(cluster);
}
