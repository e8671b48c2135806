/**
 * In-process checks of two rules: a block announced by a node that does not own it is reported
 * (log, metric, `conflicts`) and not installed; two equal paths for one prefix become one ECMP
 * kernel route.
 */
import { MemoryBackend } from "@tsbgp/route-sync";
import { waitFor } from "@tsbgp/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { NodeAgent } from "../../src/agent/node-agent.js";
import { parseConfig } from "../../src/config/load.js";

let agents: NodeAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  agents = [];
});

/** A node config on 127.0.<net>.<i> with the given blocks and cluster list. */
function config(
  net: number,
  i: number,
  port: number,
  blocks: string[],
  cluster: { i: number; blocks: string[] }[],
) {
  const c = parseConfig(`
nodeName: node-${i}
asNumber: 64512
nodeAddress: 127.0.${net}.${i}
blocks: ${JSON.stringify(blocks)}
timers: { holdTime: 9, connectRetryTime: 1 }
listen: { address: 127.0.${net}.${i}, port: ${port} }
cluster: ${JSON.stringify(cluster.map((n) => ({ name: `node-${n.i}`, address: `127.0.${net}.${n.i}`, blocks: n.blocks })))}
`);
  return c;
}

describe("block ownership and ECMP", () => {
  it("reports and rejects a block announced by a node that does not own it", async () => {
    const truth = [
      { i: 1, blocks: ["198.18.129.0/26"] },
      { i: 2, blocks: ["198.18.130.0/26"] },
      { i: 3, blocks: ["198.18.131.0/26"] },
    ];
    const backends = [new MemoryBackend(), new MemoryBackend(), new MemoryBackend()];
    const port = 17921;
    // node-3 is misconfigured: it also claims node-1's block (its own list does not know better).
    const rogue = config(
      21,
      3,
      port,
      ["198.18.131.0/26", "198.18.129.0/26"],
      [
        { i: 1, blocks: [] },
        { i: 2, blocks: [] },
      ],
    );
    agents = [
      new NodeAgent(config(21, 1, port, ["198.18.129.0/26"], truth), { backend: backends[0]! }),
      new NodeAgent(config(21, 2, port, ["198.18.130.0/26"], truth), { backend: backends[1]! }),
      new NodeAgent(rogue, { backend: backends[2]! }),
    ];
    await Promise.all(agents.map((a) => a.start()));
    const node2 = agents[1]!;
    await waitFor(
      () => node2.conflicts.length > 0 && node2.peers.every((p) => p.session.state === "Established"),
      {
        timeoutMs: 15_000,
      },
    );
    expect(node2.conflicts[0]).toEqual({
      prefix: "198.18.129.0/26",
      owner: "node-1",
      nextHop: "127.0.21.3",
      peer: "node-3",
    });
    // Only the owner's path is installed on node-2.
    await waitFor(async () => (await backends[1]!.listRoutes({ family: 4 })).length === 3, {
      timeoutMs: 10_000,
    });
    const r = (await backends[1]!.listRoutes({ family: 4 })).find((x) => x.prefix.address === "198.18.129.0");
    expect(r?.nexthops.map((h) => h.gateway)).toEqual(["127.0.21.1"]);
    const metrics = await node2.metrics.registry.metrics();
    expect(metrics).toMatch(
      /tsbgp_agent_block_conflicts_total\{peer="node-3",prefix="198\.18\.129\.0\/26",node="node-2"\} [1-9]/,
    );
    // node-1 also rejects the rogue copy of its own block.
    expect(agents[0]!.conflicts.some((c) => c.peer === "node-3" && c.owner === "node-1")).toBe(true);
  }, 30_000);

  it("installs one ECMP route when two nodes announce the same unowned prefix", async () => {
    const shared = "198.18.250.0/24"; // e.g. a service range advertised by several nodes
    const backends = [new MemoryBackend(), new MemoryBackend(), new MemoryBackend()];
    const port = 17922;
    const list = [
      { i: 1, blocks: [] },
      { i: 2, blocks: [] },
      { i: 3, blocks: [] },
    ];
    agents = [
      new NodeAgent(config(22, 1, port, ["198.18.129.0/26"], list), { backend: backends[0]! }),
      new NodeAgent(config(22, 2, port, ["198.18.130.0/26", shared], list), { backend: backends[1]! }),
      new NodeAgent(config(22, 3, port, ["198.18.131.0/26", shared], list), { backend: backends[2]! }),
    ];
    await Promise.all(agents.map((a) => a.start()));
    const hops = async () =>
      (await backends[0]!.listRoutes({ family: 4 }))
        .find((x) => x.prefix.address === "198.18.250.0")
        ?.nexthops.map((h) => h.gateway)
        .sort() ?? [];
    await waitFor(async () => (await hops()).length === 2, { timeoutMs: 15_000 });
    expect(await hops()).toEqual(["127.0.22.2", "127.0.22.3"]);
  }, 30_000);
});
