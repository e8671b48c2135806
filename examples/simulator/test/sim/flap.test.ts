import { describe, expect, it } from "vitest";
import { runSimulation } from "../../src/sim/run.js";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("a node flaps every 30 s", () => {
  it("damping backs its sessions off, so the rest of a mesh hears less and less of it", async () => {
    const r = await runSimulation({ nodes: 6, mode: "mesh", scenario: "flap", flaps: 10, flapPeriodS: 30 });
    const f = r.flap!;
    expect(f.node).toBe("node-6");
    expect(f.connections_reset).toHaveLength(10);
    // The first flaps find all 5 sessions up; IdleHoldTime doubles (5, 10, 20, 40 s...) until a
    // flap finds them still down.
    expect(f.connections_reset.slice(0, 4)).toEqual([5, 5, 5, 5]);
    expect(f.connections_reset).toContain(0);
    // Each re-establishment costs the others the node's block and its End-of-RIB: 2 UPDATEs per peer.
    expect(f.updates_seen_by_others[0]).toBe(10);
    const firstHalf = sum(f.updates_seen_by_others.slice(0, 5));
    const secondHalf = sum(f.updates_seen_by_others.slice(5));
    expect(secondHalf).toBeLessThan(firstHalf);
    // Undamped, every one of the 10 flaps would cost what the first did.
    expect(sum(f.updates_seen_by_others)).toBeLessThan(10 * f.updates_seen_by_others[0]!);
    // Graceful restart kept the node's routes as stale across each reset: no best-path churn.
    expect(sum(f.route_changes_by_others)).toBe(0);
    expect(f.recovery.converged).toBe(true);
  });
});
