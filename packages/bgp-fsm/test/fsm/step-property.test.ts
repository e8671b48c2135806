/** Properties of `step` over arbitrary event sequences (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALL_EVENT_TYPES,
  ALL_STATES,
  type FsmState,
  fsmConfig,
  initialFsmState,
  step,
} from "../../src/index.js";
import { eventOf } from "./fsm-helpers.js";

const configs = fc.record({
  delayOpen: fc.boolean(),
  passiveTcpEstablishment: fc.boolean(),
  allowAutomaticStart: fc.boolean(),
  dampPeerOscillations: fc.boolean(),
  collisionDetectEstablishedState: fc.boolean(),
  sendNotificationWithoutOpen: fc.boolean(),
});

describe("step over arbitrary event sequences", () => {
  it("never throws, keeps the timer bookkeeping in line with its actions, and Idle runs no session timers", () => {
    fc.assert(
      fc.property(
        configs,
        fc.array(fc.constantFrom(...ALL_EVENT_TYPES), { maxLength: 60 }),
        (partial, types) => {
          const config = fsmConfig(partial);
          let s: FsmState = initialFsmState(config.idleHoldTime);
          let now = 0;
          for (const type of types) {
            now += 1000;
            const r = step(s, eventOf(type), config, now);
            expect(ALL_STATES).toContain(r.state.state);
            for (const a of r.actions) {
              if (a.type === "start-timer") expect(a.seconds).toBeGreaterThan(0);
            }
            // The last start/stop of each timer decides whether the new state says it runs.
            const last = new Map<string, boolean>();
            for (const a of r.actions) {
              if (a.type === "start-timer") last.set(a.timer, true);
              if (a.type === "stop-timer") last.set(a.timer, false);
            }
            for (const [timer, running] of last)
              expect(r.state.timers[timer as keyof FsmState["timers"]] !== undefined).toBe(running);
            if (r.state.state === "Idle") {
              expect(r.state.timers.hold).toBeUndefined();
              expect(r.state.timers.keepalive).toBeUndefined();
              expect(r.state.timers.delayOpen).toBeUndefined();
            }
            // A state change is announced exactly when the state changed.
            const changes = r.actions.filter((a) => a.type === "state-change").length;
            expect(changes).toBe(r.state.state === s.state ? 0 : 1);
            expect(r.state.connectRetryCounter).toBeGreaterThanOrEqual(0);
            s = r.state;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("every route to Established passes through OpenConfirm and a KEEPALIVE", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALL_EVENT_TYPES), { maxLength: 40 }), (types) => {
        const config = fsmConfig();
        let s = initialFsmState(config.idleHoldTime);
        for (const type of types) {
          const r = step(s, eventOf(type), config, 0);
          if (r.state.state === "Established" && s.state !== "Established") {
            expect(s.state).toBe("OpenConfirm");
            expect(type).toBe("KeepAliveMsg");
          }
          s = r.state;
        }
      }),
      { numRuns: 300 },
    );
  });
});
