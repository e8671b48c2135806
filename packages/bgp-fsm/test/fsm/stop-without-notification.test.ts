/** A stop without NOTIFICATION: what a restarting speaker does (RFC 4724 §4.1). */
import { describe, expect, it } from "vitest";
import { type SessionStateName, type TimerName, fsmConfig, step } from "../../src/index.js";
import { stateWith, summarize } from "./fsm-helpers.js";

const config = fsmConfig();

describe("ManualStop with withoutNotification", () => {
  const rows: [SessionStateName, TimerName[], string][] = [
    ["OpenSent", ["hold"], "-hold release drop"],
    ["OpenConfirm", ["hold", "keepalive"], "-hold -keepalive release drop"],
    ["Established", ["hold", "keepalive"], "-hold -keepalive release+routes drop"],
  ];
  for (const [state, timers, actions] of rows) {
    it(`${state}: drops the connection with no NOTIFICATION and no automatic restart`, () => {
      const r = step(stateWith(state, timers), { type: "ManualStop", withoutNotification: true }, config, 0);
      expect(r.state.state).toBe("Idle");
      expect(summarize(r.actions)).toBe(actions);
      expect(r.state.timers.idleHold).toBeUndefined();
      expect(r.state.connectRetryCounter).toBe(0);
      // The plain ManualStop of the same state does send its Cease (RFC 4486 §4).
      const plain = step(stateWith(state, timers), { type: "ManualStop" }, config, 0);
      expect(summarize(plain.actions)).toBe(`N:6/2 ${actions}`);
    });
  }

  it("Active with DelayOpen and SendNOTIFICATIONwithoutOPEN: still no NOTIFICATION", () => {
    const c = fsmConfig({ sendNotificationWithoutOpen: true, delayOpen: true });
    const s = stateWith("Active", ["delayOpen", "connectRetry"]);
    const silent = step(s, { type: "ManualStop", withoutNotification: true }, c, 0);
    expect(summarize(silent.actions)).not.toContain("N:");
    expect(silent.state.state).toBe("Idle");
    expect(summarize(step(s, { type: "ManualStop" }, c, 0).actions)).toContain("N:6/2");
  });

  it("AutomaticStop honours it too (Established: routes handled, restart timer per AllowAutomaticStart)", () => {
    const r = step(
      stateWith("Established", ["hold", "keepalive"]),
      { type: "AutomaticStop", withoutNotification: true },
      config,
      0,
    );
    expect(summarize(r.actions)).toBe("-hold -keepalive release+routes drop +idleHold");
  });
});
