/**
 * Reconnection of a session: the connect backoff with jitter (RFC 4271 §10) on a manual clock,
 * a prompt first retry after the peer drops, and DampPeerOscillations still backing off a
 * flapping peer.
 */
import { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BgpSession, type BgpSessionComponents, ManualClock, type PeerConfig } from "../../src/index.js";
import { FakeListener, type FakePeer, establishWithFake } from "./fake-peer.js";
import { next, speakerPair, waitState } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

/** A session whose outgoing connects never reach a socket: each attempt is recorded, then refused. */
function recordingSession(peer: Partial<PeerConfig> = {}, components: BgpSessionComponents = {}) {
  const clock = new ManualClock();
  const attempts: number[] = [];
  const connect = (): Socket => {
    attempts.push(clock.now());
    const s = new Socket();
    // A refused connect: the error arrives a moment later, as from the kernel.
    setImmediate(() =>
      s.emit("error", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
    );
    return s;
  };
  const session = new BgpSession(
    { localAs: 65001, routerId: "1.1.1.1", peer: { address: "127.0.0.2", peerAs: 65002, ...peer } },
    { clock, connect, ...components },
  );
  cleanup.push(() => session.stop());
  return { clock, attempts, session };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("connect backoff", () => {
  it("retries refused connects after 1, 2, 4 s, then every ConnectRetryTime (5 s)", async () => {
    const { clock, attempts, session } = recordingSession({ fsm: { connectRetryJitter: false } });
    session.start();
    for (let i = 0; i < 200; i++) {
      clock.advance(100);
      await tick();
    }
    expect(attempts).toEqual([0, 1000, 3000, 7000, 12_000, 17_000]);
    expect(session.state).toBe("Connect");
  });

  it("jitters each wait to between 0.75 and 1 times its nominal value", async () => {
    let r = 0.3;
    const random = () => {
      r = (r * 7.13) % 1;
      return r;
    };
    const { clock, attempts, session } = recordingSession({ connectRetryTime: 30 }, { random });
    session.start();
    for (let i = 0; i < 2400; i++) clock.advance(50);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    const nominal = [1, 2, 4, 8, 16, 30, 30].map((s) => s * 1000);
    expect(gaps.length).toBeGreaterThanOrEqual(nominal.length);
    nominal.forEach((n, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(0.75 * n);
      expect(gaps[i]).toBeLessThanOrEqual(n);
    });
    // Not all at the same factor: the jitter varies.
    const factors = nominal.map((n, i) => gaps[i]! / n);
    expect(new Set(factors.map((f) => f.toFixed(3))).size).toBeGreaterThan(1);
  });

  it("keeps the constant ConnectRetryTime when the backoff is turned off", async () => {
    const { clock, attempts, session } = recordingSession({
      connectRetryTime: 3,
      fsm: { connectRetryBackoff: false, connectRetryJitter: false },
    });
    session.start();
    for (let i = 0; i < 100; i++) clock.advance(100);
    expect(attempts).toEqual([0, 3000, 6000, 9000]);
  });
});

describe("after the peer drops", () => {
  /** Drops the fake's connection and resolves once our session is Idle. */
  async function drop(session: BgpSession, conn: FakePeer): Promise<void> {
    const idle = waitState(session, "Idle");
    conn.destroy();
    await idle;
  }

  /** True if a new connection reaches `listener` within a few event-loop turns. */
  async function connectedWithin(listener: FakeListener, before: number): Promise<boolean> {
    for (let i = 0; i < 50; i++) {
      if (listener.all.length > before) return true;
      await new Promise((r) => setTimeout(r, 5));
    }
    return false;
  }

  /** Answers our OPEN on the next accepted connection so the session is Established again. */
  async function reestablish(session: BgpSession, listener: FakeListener): Promise<FakePeer> {
    const conn = await listener.accept();
    await conn.next("OPEN");
    conn.sendOpen({ localAs: 65002, routerId: 0x02020202, holdTime: 90 });
    conn.send({ type: "KEEPALIVE" });
    await waitState(session, "Established");
    return conn;
  }

  it("reconnects 1 s after the first failure, and damping doubles that for a flapping peer", async () => {
    const clock = new ManualClock();
    const listener = await FakeListener.listen("127.0.0.2");
    const first = await establishWithFake({ clock, listener });
    cleanup.push(
      () => first.speaker.stop(),
      () => listener.close(),
    );
    let conn = first.conn;
    for (const holdMs of [1000, 2000, 4000]) {
      await drop(first.session, conn);
      const before = listener.all.length;
      clock.advance(holdMs - 1);
      expect(await connectedWithin(listener, before)).toBe(false);
      clock.advance(1);
      expect(await connectedWithin(listener, before)).toBe(true);
      conn = await reestablish(first.session, listener);
    }
    expect(first.session.counters.establishedTransitions).toBe(4);
  });

  it("comes back within a few seconds when a passive peer restarts (real clock, default timers)", async () => {
    // As in the node agent: the lower address connects, the other is passive. The restarting
    // side drops its connections without NOTIFICATION, like a process exiting.
    const pair = await speakerPair({ a: { connectRetryTime: 5, fsm: {} }, b: { passive: true, fsm: {} } });
    cleanup.push(
      () => pair.a.stop(),
      () => pair.b.stop(),
    );
    await pair.b.start();
    await pair.a.start();
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    const down = next(pair.sa, "session:down");
    await pair.b.stopForRestart();
    await down;
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = performance.now();
    await pair.b.start();
    await Promise.all([waitState(pair.sa, "Established", 4000), waitState(pair.sb, "Established", 4000)]);
    // IdleHoldTime 1 s, then connects at about 1, 2, 4 s: the session is back within ~2 s of the
    // peer's return (it used to take IdleHoldTime 5 s plus a 5 s ConnectRetryTime).
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
