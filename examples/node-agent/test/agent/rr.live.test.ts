/**
 * Route reflection end to end in namespaces: two reflectors with one cluster ID and four
 * clients. Sessions drop from a mesh's N(N-1)/2 to 2N-3; every client learns every block; with
 * one reflector stopped, every client keeps every remaining route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCluster, checkReachability, type DemoCluster } from "../../src/cluster/index.js";
import {
  kernelConverged,
  learnedRoutes,
  type RunningAgents,
  sessionCount,
  startAgents,
  until,
} from "../../src/demo/netns-run.js";

let cluster: DemoCluster;
let agents: RunningAgents;

beforeAll(async () => {
  cluster = await buildCluster({ nodes: 6, containersPerNode: 2, blackholes: false, ipv6: false });
  agents = startAgents(cluster, "rr", { holdTime: 3 });
  expect(await until(() => kernelConverged(cluster), 40_000)).toBe(true);
}, 90_000);

afterAll(async () => {
  await cluster?.destroy();
});

describe("two reflectors and four clients in namespaces", () => {
  it("has 2N-3 sessions instead of N(N-1)/2, installs every block via its owner, and pings", async () => {
    expect(await sessionCount(cluster, 4)).toBe(1 + 2 * 4);
    // A client's route to another client's block points at the owner, not at a reflector.
    const n6 = cluster.nodes[5]!;
    const onClient3 = await learnedRoutes(cluster, 2);
    expect(onClient3.find((l) => l.startsWith(n6.blockV4))).toMatch(
      new RegExp(`via ${n6.address.replace(/\./g, "\\.")} `),
    );
    expect(onClient3).toHaveLength(5);
    const r = await checkReachability(cluster);
    expect(r.pairs.filter((p) => !p.ok).map((p) => `${p.from.name}->${p.to.name}`)).toEqual([]);
    expect(r.total).toBe(12);
  });

  it("with one reflector stopped, every client keeps every route of the running nodes", async () => {
    await agents.processes[0]!.stop(5_000);
    // Past the hold time, so any route that depended on reflector 1 alone would be gone.
    await new Promise((r) => setTimeout(r, 5_000));
    const alive = cluster.nodes.slice(1);
    for (let i = 2; i < cluster.nodes.length; i++) {
      const routes = await learnedRoutes(cluster, i);
      const blocks = alive.filter((n) => n !== cluster.nodes[i]).map((n) => n.blockV4);
      for (const b of blocks)
        expect(
          routes.some((l) => l.startsWith(`${b} `)),
          `${cluster.nodes[i]!.name} ${b}`,
        ).toBe(true);
      // Reflector 1's own block went with it (its agent withdrew it on shutdown).
      expect(routes.some((l) => l.startsWith(`${cluster.nodes[0]!.blockV4} `))).toBe(false);
    }
    expect(await sessionCount(cluster, 4)).toBe(4);
  }, 30_000);
});
