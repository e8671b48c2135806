import { describe, expect, it } from "vitest";
import { runSimulation } from "../../src/sim/run.js";

describe("runSimulation: cold start, a node leaves, it joins again", () => {
  it("a full mesh of 6 converges with N(N-1)/2 sessions and four messages per direction", async () => {
    const r = await runSimulation({ nodes: 6, mode: "mesh" });
    expect(r.converged).toBe(true);
    expect(r.sessions).toBe(15);
    expect(r.sessions_expected).toBe(15);
    expect(r.peak_sessions_per_node).toBe(5);
    // Per session direction: OPEN, KEEPALIVE (OpenConfirm), the owner's block, End-of-RIB.
    expect(r.phases.cold.messages_by_type).toMatchObject({
      OPEN: 30,
      KEEPALIVE: 30,
      UPDATE: 60,
      NOTIFICATION: 0,
    });
    expect(r.messages).toBe(120);
    // 1 ms per hop: connect, OPEN, KEEPALIVE, UPDATE.
    expect(r.converge_s.virtual).toBeGreaterThan(0);
    expect(r.converge_s.virtual).toBeLessThan(0.01);
    expect(r.converge_s.wall).toBeGreaterThan(0);
    // The leaver's Cease reaches its 5 peers; mesh peers do not re-advertise iBGP routes.
    expect(r.phases.leave).toMatchObject({ converged: true });
    expect(r.phases.leave!.messages_by_type).toMatchObject({ NOTIFICATION: 5, UPDATE: 0 });
    // Its peers connect again on their own timers (IdleHoldTime after the Cease, ConnectRetry):
    // seconds of virtual time, not the milliseconds of a cold start.
    expect(r.phases.join!.converged).toBe(true);
    expect(r.phases.join!.converge_s.virtual).toBeGreaterThanOrEqual(0.5);
    expect(r.phases.join!.converge_s.virtual).toBeLessThanOrEqual(r.timers.connectRetryTime + 5 + 0.1);
    expect(r.heap_mb).toBeGreaterThan(0);
    expect(r.heap_after_gc).toBe(true);
  });

  it("two reflectors and five clients: R(R-1)/2 + R(N-R) sessions, each client hears every block", async () => {
    const r = await runSimulation({ nodes: 7, mode: "rr", reflectors: 2 });
    expect(r.converged).toBe(true);
    expect(r.sessions).toBe(1 + 2 * 5);
    expect(r.sessions_expected).toBe(11);
    // A reflector holds a session with everyone.
    expect(r.peak_sessions_per_node).toBe(6);
    expect(r.phases.leave!.converged).toBe(true);
    // Both reflectors withdraw the leaver's block from the 4 remaining clients and each other.
    expect(r.phases.leave!.messages_by_type.UPDATE).toBeGreaterThanOrEqual(8);
    expect(r.phases.join!.converged).toBe(true);
  });

  it("three reflectors of four nodes, and a two-node mesh, are clusters too", async () => {
    const rr = await runSimulation({ nodes: 4, mode: "rr", reflectors: 3, scenario: "cold" });
    expect(rr).toMatchObject({ converged: true, sessions: 3 + 3, sessions_expected: 6 });
    expect(rr.phases.leave).toBeUndefined();
    const two = await runSimulation({ nodes: 2, mode: "mesh", scenario: "leave" });
    expect(two).toMatchObject({ converged: true, sessions: 1 });
    expect(two.phases.join).toBeUndefined();
  });
});
