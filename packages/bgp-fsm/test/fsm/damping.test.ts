import { describe, expect, it } from "vitest";
import { fsmConfig, initialFsmState, nextIdleHold, step, type FsmState } from "../../src/index.js";
import { stateWith, summarize } from "./fsm-helpers.js";

describe("nextIdleHold (DampPeerOscillations)", () => {
  const config = fsmConfig({ idleHoldTime: 5, maxIdleHoldTime: 60, dampQuietPeriod: 100 });

  it("doubles on failures within the quiet period, up to the ceiling", () => {
    let d = { idleHoldTime: 5, lastFailureAt: null as number | null };
    const seen: number[] = [];
    for (let i = 0; i < 7; i++) {
      d = nextIdleHold(d, i * 1000, config);
      seen.push(d.idleHoldTime);
    }
    expect(seen).toEqual([5, 10, 20, 40, 60, 60, 60]);
  });

  it("forgets after a quiet period", () => {
    const d = nextIdleHold({ idleHoldTime: 40, lastFailureAt: 0 }, 100_000, config);
    expect(d).toEqual({ idleHoldTime: 5, lastFailureAt: 100_000 });
  });

  it("stays at the initial value without damping", () => {
    const d = nextIdleHold({ idleHoldTime: 5, lastFailureAt: 0 }, 1, {
      ...config,
      dampPeerOscillations: false,
    });
    expect(d.idleHoldTime).toBe(5);
  });
});

describe("automatic restart through the IdleHoldTimer", () => {
  const config = fsmConfig({ idleHoldTime: 2, maxIdleHoldTime: 16, dampQuietPeriod: 300 });

  /** Fails an Established session at `now` and returns the state and the IdleHoldTime it used. */
  function failAt(s: FsmState, now: number): { s: FsmState; hold: number | undefined } {
    const r = step(
      { ...s, state: "Established", timers: { hold: now + 1 } },
      { type: "HoldTimer_Expires" },
      config,
      now,
    );
    const a = r.actions.find((x) => x.type === "start-timer" && x.timer === "idleHold");
    return { s: r.state, hold: a && a.type === "start-timer" ? a.seconds : undefined };
  }

  it("restarts after the IdleHoldTimer, with backoff between repeated failures", () => {
    let s = initialFsmState(config.idleHoldTime);
    const holds: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      const r = failAt(s, i * 10_000);
      holds.push(r.hold);
      expect(r.s.state).toBe("Idle");
      expect(r.s.pendingStart).toBe("active");
      s = r.s;
    }
    expect(holds).toEqual([2, 4, 8, 16, 16]);
    const restarted = step(s, { type: "IdleHoldTimer_Expires" }, config, 60_000);
    expect(restarted.state.state).toBe("Connect");
    expect(summarize(restarted.actions)).toBe("+connectRetry connect listen");
    expect(restarted.state.timers.idleHold).toBeUndefined();
  });

  it("waits for the IdleHoldTimer when AutomaticStart_with_DampPeerOscillations comes early", () => {
    const s = { ...stateWith("Idle", ["idleHold"]), pendingStart: null };
    const r = step(
      s,
      { type: "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment" },
      config,
      0,
    );
    expect(r.state.state).toBe("Idle");
    expect(r.state.pendingStart).toBe("passive");
    const r2 = step(r.state, { type: "IdleHoldTimer_Expires" }, config, 1);
    expect(r2.state.state).toBe("Active");
    expect(summarize(r2.actions)).toBe("+connectRetry listen");
  });

  it("does not restart after ManualStop, which also cancels a pending restart", () => {
    const stopped = step(stateWith("Established", ["hold", "keepalive"]), { type: "ManualStop" }, config, 0);
    expect(stopped.state.timers.idleHold).toBeUndefined();
    expect(stopped.state.connectRetryCounter).toBe(0);
    const failed = failAt(initialFsmState(2), 0).s;
    const cancelled = step(failed, { type: "ManualStop" }, config, 1);
    expect(summarize(cancelled.actions)).toBe("-idleHold");
    expect(step(cancelled.state, { type: "IdleHoldTimer_Expires" }, config, 5000).state.state).toBe("Idle");
  });

  it("never restarts by itself when AllowAutomaticStart is false", () => {
    const off = fsmConfig({ allowAutomaticStart: false });
    const r = step(stateWith("OpenSent", ["hold"]), { type: "HoldTimer_Expires" }, off, 0);
    expect(r.state.timers.idleHold).toBeUndefined();
    expect(r.state.connectRetryCounter).toBe(1);
    expect(step(r.state, { type: "AutomaticStart" }, off, 1).state.state).toBe("Idle");
  });

  it("records timer deadlines from the injected time", () => {
    const r = step(initialFsmState(5), { type: "ManualStart" }, config, 1_000);
    expect(r.state.timers.connectRetry).toBe(1_000 + config.connectRetryTime * 1000);
  });
});
