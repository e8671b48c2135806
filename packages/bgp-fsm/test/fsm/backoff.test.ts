/** The connect backoff and the ConnectRetryTimer jitter (RFC 4271 §10), in the pure FSM. */
import { describe, expect, it } from "vitest";
import {
  type FsmAction,
  type FsmConfig,
  type FsmEvent,
  type FsmState,
  connectRetryDelay,
  fsmConfig,
  initialFsmState,
  jitterStep,
  step,
} from "../../src/index.js";

const backoff = fsmConfig({
  connectRetryTime: 5,
  connectRetryBackoff: true,
  minConnectRetryTime: 1,
  idleHoldTime: 1,
});

/** The seconds of the ConnectRetryTimer started by `actions`, if one was. */
function retrySeconds(actions: readonly FsmAction[]): number | undefined {
  const a = actions.find((x) => x.type === "start-timer" && x.timer === "connectRetry");
  return a?.type === "start-timer" ? a.seconds : undefined;
}

/** Runs `events` from `s`, one second apart from `t0`, collecting the ConnectRetryTimer waits. */
function run(s: FsmState, events: readonly FsmEvent[], config: FsmConfig, t0 = 0) {
  const waits: number[] = [];
  let now = t0;
  for (const e of events) {
    const r = step(s, e, config, now);
    const w = retrySeconds(r.actions);
    if (w !== undefined) waits.push(w);
    s = r.state;
    now += 1000;
  }
  return { s, waits };
}

const expire: FsmEvent = { type: "ConnectRetryTimer_Expires" };

describe("connectRetryDelay", () => {
  it("doubles from minConnectRetryTime up to ConnectRetryTime as the ceiling", () => {
    const waits = [0, 1, 2, 3, 4, 5, 50].map((n) => connectRetryDelay(n, backoff, 0, false).seconds);
    expect(waits).toEqual([1, 2, 4, 5, 5, 5, 5]);
  });

  it("keeps the RFC's constant ConnectRetryTime without backoff, and for passive starts", () => {
    const rfc = fsmConfig({ connectRetryTime: 5 });
    expect([0, 3].map((n) => connectRetryDelay(n, rfc, 0, false).seconds)).toEqual([5, 5]);
    expect([0, 3].map((n) => connectRetryDelay(n, backoff, 0, true).seconds)).toEqual([5, 5]);
  });

  it("jitters by a factor from 0.75 to 1 (RFC 4271 §10), deterministically from the seed", () => {
    const config = { ...backoff, connectRetryJitter: true };
    let seed = 12345;
    const factors: number[] = [];
    for (let i = 0; i < 500; i++) {
      const d = connectRetryDelay(3, config, seed, false);
      factors.push(d.seconds / 5);
      expect(d.seed).not.toBe(seed);
      seed = d.seed;
    }
    expect(Math.min(...factors)).toBeGreaterThanOrEqual(0.75);
    expect(Math.max(...factors)).toBeLessThanOrEqual(1);
    // Spread over the range, not stuck at one value.
    expect(Math.max(...factors) - Math.min(...factors)).toBeGreaterThan(0.2);
    expect(connectRetryDelay(3, config, 777, false)).toEqual(connectRetryDelay(3, config, 777, false));
    expect(connectRetryDelay(3, config, 1, false).seconds).not.toBe(
      connectRetryDelay(3, config, 2, false).seconds,
    );
  });

  it("jitterStep gives values in [0, 1)", () => {
    let seed = 0;
    for (let i = 0; i < 1000; i++) {
      const j = jitterStep(seed);
      expect(j.value).toBeGreaterThanOrEqual(0);
      expect(j.value).toBeLessThan(1);
      seed = j.seed;
    }
  });
});

describe("connect backoff in step()", () => {
  it("backs off refused attempts (Connect, Event 9): 1, 2, 4 s, then ConnectRetryTime", () => {
    const { s, waits } = run(
      initialFsmState(1),
      [{ type: "ManualStart" }, expire, expire, expire, expire, expire],
      backoff,
    );
    expect(waits).toEqual([1, 2, 4, 5, 5, 5]);
    expect(s.state).toBe("Connect");
    expect(s.connectAttempts).toBe(6);
  });

  it("also backs off connections the peer accepts and closes at once (OpenSent, Event 18)", () => {
    const { waits } = run(
      initialFsmState(1),
      [
        { type: "ManualStart" },
        { type: "Tcp_CR_Acked" },
        { type: "TcpConnectionFails" },
        expire,
        { type: "Tcp_CR_Acked" },
        { type: "TcpConnectionFails" },
      ],
      backoff,
    );
    expect(waits).toEqual([1, 2, 4, 5]);
  });

  it("starts over at minConnectRetryTime once the session was Established", () => {
    const upAndDown: FsmEvent[] = [
      { type: "Tcp_CR_Acked" },
      { type: "BGPOpen", holdTime: 90, keepaliveTime: 30 },
      { type: "KeepAliveMsg" },
    ];
    const first = run(
      initialFsmState(1),
      [{ type: "ManualStart" }, expire, expire, expire, ...upAndDown],
      backoff,
    );
    expect(first.s.state).toBe("Established");
    expect(first.s.connectAttempts).toBe(0);
    // The peer goes away: Idle, the IdleHoldTimer, then a fresh start from 1 s.
    const again = run(
      first.s,
      [{ type: "TcpConnectionFails" }, { type: "IdleHoldTimer_Expires" }, expire, expire],
      backoff,
      60_000,
    );
    expect(again.waits).toEqual([1, 2, 4]);
  });

  it("keeps ConnectRetryTime for a passive session (no early connect that would collide)", () => {
    const passive = { ...backoff, passiveTcpEstablishment: true };
    const { s, waits } = run(initialFsmState(1), [{ type: "ManualStart" }, expire, expire], passive);
    expect(waits).toEqual([5, 5, 5]);
    expect(s.state).toBe("Connect");
  });

  it("records the jittered deadline and stays pure: the same inputs give the same timers", () => {
    const config = { ...backoff, connectRetryJitter: true };
    const s0 = initialFsmState(1, 90, 42);
    const a = step(s0, { type: "ManualStart" }, config, 10_000);
    const b = step(s0, { type: "ManualStart" }, config, 10_000);
    expect(a).toEqual(b);
    const w = retrySeconds(a.actions)!;
    expect(w).toBeGreaterThanOrEqual(0.75);
    expect(w).toBeLessThanOrEqual(1);
    expect(a.state.timers.connectRetry).toBe(10_000 + w * 1000);
    expect(a.state.jitterSeed).not.toBe(s0.jitterSeed);
  });

  it("accepts states built without the new fields (connectAttempts 0, seed 0)", () => {
    const { connectAttempts: _a, jitterSeed: _j, ...legacy } = initialFsmState(1);
    const r = step(legacy, { type: "ManualStart" }, backoff, 0);
    expect(retrySeconds(r.actions)).toBe(1);
    expect(r.state.connectAttempts).toBe(1);
  });
});
