import { describe, expect, it } from "vitest";
import { runSimulation } from "../../src/sim/run.js";

describe("a reflector dies (no Cease: its peers find out by the hold timer)", () => {
  it("with two reflectors no route between live nodes is missing at any moment", async () => {
    const r = await runSimulation({ nodes: 8, mode: "rr", reflectors: 2, scenario: "reflector-dies" });
    const d = r.reflector_dies!;
    expect(d.node).toBe("node-1");
    expect(d.lost_routes_max).toBe(0);
    expect(d.lost_routes_end).toBe(0);
    // Converged again = the dead reflector's block is gone everywhere: after the hold time (30 s).
    expect(d.phase.converged).toBe(true);
    expect(d.phase.converge_s.virtual).toBeGreaterThanOrEqual(r.timers.holdTime);
    expect(d.phase.converge_s.virtual).toBeLessThanOrEqual(3 * r.timers.holdTime);
    // Watched past the graceful-restart time too, so nothing kept as stale can hide a loss.
    expect(d.watched_s).toBeGreaterThan(r.timers.restartTime);
    expect(r.converged).toBe(true);
  });

  it("with one reflector every client loses every other block (the check has teeth)", async () => {
    const r = await runSimulation({ nodes: 6, mode: "rr", reflectors: 1, scenario: "reflector-dies" });
    const d = r.reflector_dies!;
    // 5 live clients, each missing the other 4 blocks.
    expect(d.lost_routes_max).toBe(20);
    expect(d.lost_routes_end).toBe(20);
    expect(d.phase.converged).toBe(false);
    expect(r.converged).toBe(false);
  });
});
