/**
 * End to end in namespaces: three nodes, one agent process each, full mesh. Checked through the
 * kernel routes and ping; then failure (clean stop, hold-time expiry) and graceful restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCluster, checkReachability, type DemoCluster } from "../../src/cluster/index.js";
import { agentCommand } from "../../src/demo/agent-command.js";
import {
  kernelConverged,
  learnedRoutes,
  type RunningAgents,
  sessionCount,
  startAgents,
  until,
} from "../../src/demo/netns-run.js";

const HOLD = 3;
let cluster: DemoCluster;
let agents: RunningAgents;

beforeAll(async () => {
  cluster = await buildCluster({ nodes: 3, containersPerNode: 2, blackholes: false });
  agents = startAgents(cluster, "mesh", { holdTime: HOLD, restartTime: 60 });
  expect(await until(() => kernelConverged(cluster), 30_000)).toBe(true);
}, 60_000);

afterAll(async () => {
  await cluster?.destroy();
});

/** Whether node `i`'s kernel has a learned route for `block`. */
async function hasRoute(i: number, block: string): Promise<boolean> {
  return (await learnedRoutes(cluster, i)).some((l) => l.startsWith(`${block} `));
}

describe("full mesh of 3 in namespaces", () => {
  it("installs every other block via its owner, blackholes its own, and every container answers", async () => {
    const [n1, n2, n3] = cluster.nodes as [
      DemoCluster["nodes"][0],
      DemoCluster["nodes"][0],
      DemoCluster["nodes"][0],
    ];
    expect(await learnedRoutes(cluster, 0)).toEqual([
      `${n2.blockV4} via ${n2.address} dev ${n1.ifname} `,
      `${n3.blockV4} via ${n3.address} dev ${n1.ifname} `,
    ]);
    const v6 = await learnedRoutes(cluster, 0, 6);
    expect(v6.map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual([
      `${n2.blockV6} via ${n2.addressV6}`,
      `${n3.blockV6} via ${n3.addressV6}`,
    ]);
    const own = (await n1.host.exec("ip", ["route", "show", "proto", "80", "type", "blackhole"])).stdout;
    expect(own).toContain(`blackhole ${n1.blockV4}`);
    expect(await sessionCount(cluster, 4)).toBe(3);
    expect(await sessionCount(cluster, 6)).toBe(3);
    const r = await checkReachability(cluster);
    expect(r.pairs.filter((p) => !p.ok).map((p) => `${p.from.name}->${p.to.name}/${p.family}`)).toEqual([]);
    expect(r.total).toBe(12);
  });

  it("prints a calicoctl-style status and serves Prometheus metrics", async () => {
    const n1 = cluster.nodes[0]!;
    const c = agentCommand(["status", "--config", agents.configFiles[0]!]);
    const { stdout } = await n1.host.exec(c.cmd, [...c.args], { cwd: c.cwd });
    expect(stdout).toMatch(/IPv4 BGP status/);
    expect(stdout).toMatch(/\| PEER ADDRESS \|/);
    expect(stdout).toMatch(
      new RegExp(`\\| ${cluster.nodes[1]!.address.replace(/\./g, "\\.")} +\\| node-to-node mesh \\| up +\\|`),
    );
    expect(stdout).toMatch(/IPv6 BGP status/);
    const metrics = await n1.host.exec(process.execPath, [
      "-e",
      "fetch('http://127.0.0.1:9091/metrics').then(r=>r.text()).then(t=>process.stdout.write(t))",
    ]);
    expect(metrics.stdout).toMatch(
      /tsbgp_agent_bgp_session_state\{peer="198\.19\.\d+\.2",state="Established",node="node-1"\} 1/,
    );
    expect(metrics.stdout).toMatch(/tsbgp_agent_routes_received\{peer="198\.19\.\d+\.2",node="node-1"\} 1/);
    expect(metrics.stdout).toMatch(/tsbgp_agent_kernel_sync_total\{result="added",node="node-1"\} [1-9]/);
  });

  it("a stopped agent sends Cease: the others withdraw its routes at once; restarted, they return", async () => {
    const n3 = cluster.nodes[2]!;
    const stopped = Date.now();
    const exit = await agents.processes[2]!.stop(5_000);
    expect(exit.code).toBe(0);
    // Withdrawn well within the hold time (the Cease ends the sessions at once).
    expect(
      await until(
        async () => !(await hasRoute(0, n3.blockV4)) && !(await hasRoute(1, n3.blockV4)),
        HOLD * 1000,
      ),
    ).toBe(true);
    expect(Date.now() - stopped).toBeLessThan(HOLD * 1000 + 5_000);
    // The stopped agent removed its own routes too (clean shutdown).
    expect(await learnedRoutes(cluster, 2)).toEqual([]);
    agents.restart(2);
    expect(await until(() => kernelConverged(cluster), 30_000)).toBe(true);
    expect((await checkReachability(cluster)).ok).toBe(12);
  }, 60_000);

  it("a frozen agent's routes are withdrawn when the hold timer expires", async () => {
    const n3 = cluster.nodes[2]!;
    const p = agents.processes[2]!;
    p.signal("SIGSTOP");
    try {
      const frozen = Date.now();
      expect(
        await until(
          async () => !(await hasRoute(0, n3.blockV4)) && !(await hasRoute(1, n3.blockV4)),
          HOLD * 1000 + 4_000,
        ),
      ).toBe(true);
      const took = Date.now() - frozen;
      expect(took).toBeGreaterThan(HOLD * 1000 - 1_500); // not before the hold time…
      expect(took).toBeLessThan(HOLD * 1000 + 4_000); // …and soon after it
    } finally {
      p.signal("SIGCONT");
    }
    expect(await until(() => kernelConverged(cluster), 30_000)).toBe(true);
  }, 60_000);

  it("graceful restart: the restarting node's routes never leave the others, and its own stay", async () => {
    const n3 = cluster.nodes[2]!;
    const learnedBefore = await learnedRoutes(cluster, 2);
    expect(learnedBefore).toHaveLength(2);
    let missing = 0;
    let ownMissing = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        if (!(await hasRoute(0, n3.blockV4)) || !(await hasRoute(1, n3.blockV4))) missing++;
        // The restarting node keeps forwarding: its learned routes stay while it is down and
        // while it converges after the restart.
        if ((await learnedRoutes(cluster, 2)).length < 2) ownMissing++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const p = agents.processes[2]!;
      p.signal("SIGUSR2"); // graceful-restart exit: no Cease, kernel routes kept
      await p.exited;
      // While it is down (longer than the hold time), its own learned routes stay in its kernel.
      await new Promise((r) => setTimeout(r, (HOLD + 1) * 1000));
      expect(await learnedRoutes(cluster, 2)).toEqual(learnedBefore);
      agents.restart(2);
      expect(await until(async () => (await sessionCount(cluster, 4)) === 3, 30_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      watching = false;
      await watcher;
    }
    expect(missing).toBe(0);
    expect(ownMissing).toBe(0);
    expect(await kernelConverged(cluster)).toBe(true);
    expect((await checkReachability(cluster)).ok).toBe(12);
  }, 60_000);
});
