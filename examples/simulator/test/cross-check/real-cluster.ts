/**
 * The real thing for the cross-check: node-agent's demo cluster (network namespaces on one
 * bridge, made by the testkit Lab) with one agent process per node talking BGP over TCP, and the
 * counts read back from each agent's Prometheus endpoint and the kernel.
 *
 * The agents are started from the node agent's sources (`node --import tsx .../src/cli.ts run`)
 * rather than through its `startAgents`: imported from the package's built entry, that helper
 * would run the built `dist/cli.js`, which needs every workspace package built first.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildCluster,
  clusterConfigs,
  type DemoCluster,
  type DemoMode,
  kernelConverged,
  sessionCount,
  until,
} from "@tsbgp/example-node-agent";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const AGENT_CLI = join(ROOT, "examples/node-agent/src/cli.ts");
const METRICS_PORT = 9091;

/** What the cross-check compares. */
export interface ClusterCounts {
  /** Established IPv4 sessions, each counted once. */
  readonly sessions: number;
  /** UPDATE messages received, summed over every agent (`tsbgp_agent_updates_received_total`). */
  readonly updatesReceived: number;
  /** UPDATE messages sent by the agents' export (`tsbgp_agent_updates_sent_total`). */
  readonly updatesSent: number;
}

/** Sum of every sample of `metric` in Prometheus text. */
export function sumMetric(text: string, metric: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) sum += Number(line.split(" ").at(-1));
  }
  return sum;
}

/** Builds the namespaces (IPv4 only) and starts one agent per node; call `cluster.destroy()`. */
export async function startRealCluster(nodes: number, mode: DemoMode): Promise<DemoCluster> {
  const cluster = await buildCluster({ nodes, containersPerNode: 1, blackholes: false, ipv6: false });
  try {
    const dir = cluster.lab.makeWorkdir(`cross-check-${mode}`);
    const texts = clusterConfigs(
      cluster.nodes.map((n) => ({ name: n.name, address: n.address, blocks: [n.blockV4] })),
      { mode, metricsPort: METRICS_PORT },
    );
    cluster.nodes.forEach((n, i) => {
      const file = join(dir, `${n.name}.yaml`);
      writeFileSync(file, texts[i]!);
      n.host.spawn(process.execPath, ["--import", "tsx", AGENT_CLI, "run", "--config", file], {
        logFile: join(dir, `${n.name}.log`),
        cwd: ROOT,
      });
    });
    if (!(await until(() => kernelConverged(cluster), 60_000)))
      throw new Error(`${mode}: kernel routes never converged`);
    return cluster;
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
}

async function scrape(cluster: DemoCluster): Promise<{ received: number; sent: number }> {
  let received = 0;
  let sent = 0;
  for (const n of cluster.nodes) {
    const r = await n.host.exec(process.execPath, [
      "-e",
      `fetch('http://127.0.0.1:${METRICS_PORT}/metrics').then(r=>r.text()).then(t=>process.stdout.write(t))`,
    ]);
    received += sumMetric(r.stdout, "tsbgp_agent_updates_received_total");
    sent += sumMetric(r.stdout, "tsbgp_agent_updates_sent_total");
  }
  return { received, sent };
}

/** The counts once they have stopped moving (End-of-RIB may still be in flight at convergence). */
export async function realCounts(cluster: DemoCluster): Promise<ClusterCounts> {
  let last = await scrape(cluster);
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await scrape(cluster);
    if (now.received === last.received && now.sent === last.sent) break;
    last = now;
  }
  return { sessions: await sessionCount(cluster, 4), updatesReceived: last.received, updatesSent: last.sent };
}
