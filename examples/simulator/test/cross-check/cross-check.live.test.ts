/**
 * Cross-check: the same N=4 clusters, once as real agent processes in network namespaces over
 * TCP and once in the simulator, must give the same session count and the same UPDATE counts
 * (the agents' own counters in both). KEEPALIVEs are not compared: they depend on how long each
 * run lasts in its own time (wall clock there, virtual here). Needs root; run, never skipped.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { DemoCluster, DemoMode } from "@tsbgp/example-node-agent";
import { SimCluster } from "../../src/sim/sim-cluster.js";
import { realCounts, startRealCluster, sumMetric, type ClusterCounts } from "./real-cluster.js";

/** The demo's timers (node-agent `clusterConfigs` defaults). */
const DEMO_TIMERS = { holdTime: 9, keepaliveTime: 3, connectRetryTime: 1, restartTime: 120 };

let real: DemoCluster | undefined;
afterAll(async () => {
  await real?.destroy();
});

async function simulatedCounts(nodes: number, mode: DemoMode): Promise<ClusterCounts> {
  const sim = new SimCluster({ nodes, mode, reflectors: 2, timers: DEMO_TIMERS });
  try {
    await sim.startAll();
    expect(await sim.driver.runUntil(() => sim.converged(), { virtualMs: 60_000 })).toBe(true);
    await sim.driver.quiesce(60_000);
    let received = 0;
    let sent = 0;
    for (const n of sim.nodes) {
      const text = await n.agent!.metrics.registry.metrics();
      received += sumMetric(text, "tsbgp_agent_updates_received_total");
      sent += sumMetric(text, "tsbgp_agent_updates_sent_total");
    }
    // The agents' counters agree with what the in-memory network carried.
    expect(received).toBe(sim.network.traffic.snapshot().byType.UPDATE);
    return { sessions: sim.sessions().total, updatesReceived: received, updatesSent: sent };
  } finally {
    await sim.close();
  }
}

describe("simulator against real agents in namespaces over TCP (N = 4)", () => {
  for (const mode of ["mesh", "rr"] as const) {
    it(`${mode}: same sessions and UPDATE counts`, async () => {
      const simulated = await simulatedCounts(4, mode);
      real = await startRealCluster(4, mode);
      const measured = await realCounts(real);
      await real.destroy();
      real = undefined;
      expect(measured.sessions).toBe(mode === "mesh" ? 6 : 5);
      if (mode === "mesh") {
        // 12 session directions, each: the owner's block and End-of-RIB (sent outside the export
        // counter, which counts only the block).
        expect(measured).toMatchObject({ updatesReceived: 24, updatesSent: 12 });
      } else {
        expect(measured.updatesReceived).toBeGreaterThan(0);
      }
      expect(simulated).toEqual(measured);
    }, 120_000);
  }
});
