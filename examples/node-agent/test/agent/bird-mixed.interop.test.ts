/**
 * Mixed cluster: node-1 runs BIRD 2 configured as calico-node configures it, the other nodes
 * run our agent. First a full mesh, then BIRD as the route reflector with our agents as its
 * clients. Both converge: every kernel has every block and every container answers.
 */
import { Bird } from "@tsbgp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCluster, checkReachability, type DemoCluster } from "../../src/cluster/index.js";
import { DEMO_CLUSTER_ID } from "../../src/demo/cluster-config.js";
import {
  learnedRoutes,
  type RunningAgents,
  startAgents,
  stopAgents,
  until,
} from "../../src/demo/netns-run.js";
import { calicoBirdConfig } from "../helpers/calico-bird.js";

const POOL = "198.18.128.0/17";
let cluster: DemoCluster;

beforeAll(async () => {
  cluster = await buildCluster({ nodes: 4, containersPerNode: 2, blackholes: false, ipv6: false });
}, 60_000);

afterAll(async () => {
  await cluster?.destroy();
});

/** BIRD's routes (proto bird) via other nodes in node-1's kernel. */
async function birdKernelRoutes(): Promise<string[]> {
  const { stdout } = await cluster.nodes[0]!.host.exec("ip", ["route", "show", "proto", "bird"]);
  return stdout.split("\n").filter((l) => l.includes(" via "));
}

/** Every node (BIRD's and ours) has a route for every other node's block. */
async function converged(): Promise<boolean> {
  const others = (i: number) => cluster.nodes.filter((_, j) => j !== i).map((n) => n.blockV4);
  const bird = await birdKernelRoutes();
  if (!others(0).every((b) => bird.some((l) => l.startsWith(`${b} `)))) return false;
  for (let i = 1; i < cluster.nodes.length; i++) {
    const ours = await learnedRoutes(cluster, i);
    if (!others(i).every((b) => ours.some((l) => l.startsWith(`${b} `)))) return false;
  }
  return true;
}

async function runPhase(mode: "mesh" | "reflector"): Promise<void> {
  const [n1, ...rest] = cluster.nodes;
  const bird = await Bird.start(n1!.host, {
    routerId: n1!.address,
    localAs: 64512,
    neighbors: [],
    extraConfig: calicoBirdConfig({
      asNumber: 64512,
      nodeAddress: n1!.address,
      blocks: [n1!.blockV4],
      pool: POOL,
      peers: rest.map((n) => n.address),
      mode,
      clusterId: DEMO_CLUSTER_ID,
      holdTime: 9,
    }),
  });
  let agents: RunningAgents | undefined;
  try {
    agents = startAgents(cluster, mode === "mesh" ? "mesh" : "rr", { reflectors: 1, only: [1, 2, 3] });
    const ok = await until(converged, 40_000, 500);
    if (!ok) {
      const logs = await bird.logs();
      throw new Error(
        `not converged; bird routes: ${(await birdKernelRoutes()).join("; ")}\n${logs.slice(-2000)}`,
      );
    }
    // Our agents learned BIRD's block with BIRD's node as next hop, and BIRD ours likewise.
    expect((await learnedRoutes(cluster, 1)).find((l) => l.startsWith(n1!.blockV4))).toContain(
      `via ${n1!.address} `,
    );
    const r = await checkReachability(cluster);
    expect(r.pairs.filter((p) => !p.ok).map((p) => `${p.from.name}->${p.to.name}`)).toEqual([]);
    expect(r.total).toBe(8);
  } finally {
    if (agents) await stopAgents(agents);
    await bird.stop();
    // BIRD's kernel protocol has `persist`: its routes outlive it, as on a Calico node.
    await n1!.host.exec("ip", ["route", "flush", "proto", "bird"]);
  }
}

describe("mixed cluster: BIRD configured like calico-node + our agents", () => {
  it("converges as a full mesh", async () => {
    await runPhase("mesh");
  }, 90_000);

  it("converges with BIRD as the route reflector and our agents as its clients", async () => {
    await runPhase("reflector");
  }, 90_000);
});
