/** The optional session attributes of RFC 4271 §8.1.1 that change transitions. */
import { describe, expect, it } from "vitest";
import { CeaseSubcode } from "@tsbgp/bgp-wire";
import { fsmConfig, step } from "../../src/index.js";
import { stateWith, summarize } from "./fsm-helpers.js";

describe("DelayOpen", () => {
  const config = fsmConfig({ delayOpen: true, delayOpenTime: 3 });

  it("holds OPEN back until the DelayOpenTimer expires (Connect, Events 17 then 12)", () => {
    const r = step(stateWith("Connect", ["connectRetry"]), { type: "TcpConnectionConfirmed" }, config, 0);
    expect(r.state.state).toBe("Connect");
    expect(summarize(r.actions)).toBe("-connectRetry +delayOpen");
    const r2 = step(r.state, { type: "DelayOpenTimer_Expires" }, config, 3000);
    expect(r2.state.state).toBe("OpenSent");
    expect(summarize(r2.actions)).toBe("OPEN +hold");
  });

  it("answers an OPEN received while delaying with OPEN + KEEPALIVE (Event 20)", () => {
    const s = stateWith("Active", ["delayOpen"]);
    const r = step(
      s,
      { type: "BGPOpen_with_DelayOpenTimer_running", holdTime: 9, keepaliveTime: 3 },
      config,
      0,
    );
    expect(r.state.state).toBe("OpenConfirm");
    expect(summarize(r.actions)).toBe("-delayOpen OPEN KA +keepalive +hold");
    expect(r.state.holdTime).toBe(9);
  });

  it("falls back to Active when the connection fails while delaying (Connect, Event 18)", () => {
    const r = step(stateWith("Connect", ["delayOpen"]), { type: "TcpConnectionFails" }, config, 0);
    expect(r.state.state).toBe("Active");
    expect(summarize(r.actions)).toBe("+connectRetry -delayOpen listen");
  });

  it("does not count a version-error NOTIFICATION while delaying (Event 24)", () => {
    const r = step(
      stateWith("Connect", ["delayOpen", "connectRetry"]),
      { type: "NotifMsgVerErr" },
      config,
      0,
    );
    expect(r.state.connectRetryCounter).toBe(0);
    expect(r.state.state).toBe("Idle");
  });

  it("sends a Cease on ManualStop in Active only with SendNOTIFICATIONwithoutOPEN", () => {
    const s = stateWith("Active", ["delayOpen", "connectRetry"]);
    const quiet = step(s, { type: "ManualStop" }, config, 0);
    expect(summarize(quiet.actions)).not.toContain("N:");
    const loud = step(s, { type: "ManualStop" }, { ...config, sendNotificationWithoutOpen: true }, 0);
    expect(summarize(loud.actions)).toMatch(/^N:6\/2 /);
  });
});

describe("passive TCP establishment", () => {
  it("ManualStart only listens and goes to Active", () => {
    const r = step(
      stateWith("Idle"),
      { type: "ManualStart" },
      fsmConfig({ passiveTcpEstablishment: true }),
      0,
    );
    expect(r.state.state).toBe("Active");
    expect(summarize(r.actions)).toBe("+connectRetry listen");
  });
});

describe("hold time 0", () => {
  it("runs neither keepalive nor hold timer after OPEN (RFC 4271 §4.4)", () => {
    const r = step(
      stateWith("OpenSent", ["hold"]),
      { type: "BGPOpen", holdTime: 0, keepaliveTime: 0 },
      fsmConfig(),
      0,
    );
    expect(summarize(r.actions)).toBe("KA -hold");
    const est = step(r.state, { type: "KeepAliveMsg" }, fsmConfig(), 1);
    expect(est.state.state).toBe("Established");
    expect(est.state.timers).toEqual({});
  });
});

describe("AllowAutomaticStop", () => {
  it("ignores AutomaticStop when not allowed", () => {
    const r = step(
      stateWith("Established", ["hold"]),
      { type: "AutomaticStop" },
      fsmConfig({ allowAutomaticStop: false }),
      0,
    );
    expect(r.state.state).toBe("Established");
    expect(r.actions).toEqual([]);
  });
  it("sends the Cease carried by the event (max-prefix, RFC 4486)", () => {
    const n = {
      code: 6,
      subcode: CeaseSubcode.MAXIMUM_PREFIXES_REACHED,
      data: new Uint8Array([1, 1, 0, 0, 0, 5]),
    };
    const r = step(
      stateWith("Established", ["hold"]),
      { type: "AutomaticStop", notification: n },
      fsmConfig(),
      0,
    );
    expect(r.actions[0]).toEqual({ type: "send-notification", notification: n });
  });
});

describe("CollisionDetectEstablishedState", () => {
  it("turns an OPEN in Established into a collision Cease", () => {
    const config = fsmConfig({ collisionDetectEstablishedState: true });
    const r = step(
      stateWith("Established", ["hold"]),
      { type: "BGPOpen", holdTime: 90, keepaliveTime: 30 },
      config,
      0,
    );
    expect(summarize(r.actions)).toMatch(/^N:6\/7 /);
  });
});
