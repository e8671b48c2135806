/**
 * The restarting side of graceful restart (RFC 4724 §4.1): a stop without NOTIFICATION that
 * keeps the peer's routes as stale, and the Restart State / Forwarding State bits afterwards.
 */
import { type BgpMessage, CapabilityCode, type OpenMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import {
  type BgpSessionError,
  LocalRestartState,
  ManualClock,
  type NotificationInfo,
} from "../../src/index.js";
import { FakeListener, type FakePeer, establishWithFake } from "./fake-peer.js";
import { next, speakerPair, waitState } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

/** The graceful restart capability of an OPEN: its R bit and the F bit of each family. */
function grOf(open: BgpMessage): { restarting: boolean; f: boolean[] } | null {
  const c = (open as OpenMessage).capabilities.find((x) => x.code === CapabilityCode.GRACEFUL_RESTART);
  if (!c || !("restarting" in c)) return null;
  return { restarting: c.restarting, f: c.families.map((x) => x.forwardingPreserved) };
}

const PARAMS = { localAs: 65001, routerId: 0x01010101, holdTime: 90 } as const;

describe("LocalRestartState", () => {
  it("sets R after begin() until a session is Established, with F as given", () => {
    const s = new LocalRestartState({
      ...PARAMS,
      capabilities: {
        families: ["1/1", "2/1"],
        gracefulRestart: { restartTime: 90, forwardingPreserved: true },
      },
    });
    expect(grOf(s.open)).toEqual({ restarting: false, f: [true, true] });
    s.begin(false);
    expect(s.isRestarting).toBe(true);
    expect(grOf(s.open)).toEqual({ restarting: true, f: [false, false] });
    s.established();
    expect(grOf(s.open)).toEqual({ restarting: false, f: [true, true] });
    expect(s.restartTime).toBe(90);
  });

  it("a configured restarting: true lasts until the first Established, not forever", () => {
    const s = new LocalRestartState({
      ...PARAMS,
      capabilities: { gracefulRestart: { restartTime: 60, restarting: true } },
    });
    expect(grOf(s.open)?.restarting).toBe(true);
    s.established();
    expect(grOf(s.open)?.restarting).toBe(false);
  });

  it("never advertises the capability when graceful restart is not configured", () => {
    const s = new LocalRestartState(PARAMS);
    s.begin();
    expect(s.configured).toBe(false);
    expect(s.isRestarting).toBe(false);
    expect(grOf(s.open)).toBeNull();
  });
});

const OUR_GR = { gracefulRestart: { restartTime: 90, forwardingPreserved: true } };
// The peer preserves nothing itself (F = 0): that must not sweep what we keep across OUR restart.
const PEER_GR = { gracefulRestart: { restartTime: 60, forwardingPreserved: false } };

describe("BgpSession.stopForRestart", () => {
  it("closes without NOTIFICATION, keeps the peer's routes stale, and comes back with the R bit", async () => {
    const clock = new ManualClock();
    const listener = await FakeListener.listen("127.0.0.2");
    const f = await establishWithFake({
      clock,
      listener,
      peer: { capabilities: OUR_GR },
      open: { capabilities: PEER_GR },
    });
    cleanup.push(
      () => f.speaker.stop(),
      () => listener.close(),
    );
    expect(grOf(f.conn.received[0]!)?.restarting).toBe(false);
    const events: string[] = [];
    f.session.on("routes:stale", (fams, t) => events.push(`stale ${fams.join(",")} ${t}`));
    f.session.on("routes:purge-stale", (fam) => events.push(`purge ${fam}`));
    f.session.on("routes:flush", () => events.push("flush"));
    f.session.on("notification:sent", (n) => events.push(`sent ${n.code}/${n.subcode}`));
    const down = next<[BgpSessionError]>(f.session, "session:down");

    await f.session.stopForRestart();
    await f.conn.closed;
    expect(f.conn.received.some((m) => m.type === "NOTIFICATION")).toBe(false);
    expect((await down)[0].code).toBe("ERR_BGP_SESSION_CLOSED");
    expect(f.session.state).toBe("Idle");
    // Our own restart time: how long we asked the peer to wait for us.
    expect(events).toEqual(["stale 1/1 90"]);
    // No automatic restart: the caller decides when it is back (within our restart time, or
    // the stale routes go: that timer is checked below).
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(listener.all).toHaveLength(1);
    expect(events).toEqual(["stale 1/1 90"]);

    f.session.start();
    const again = await listener.accept();
    const open = await again.next("OPEN");
    expect(grOf(open)).toEqual({ restarting: true, f: [true] });
    again.sendOpen({ ...PARAMS, localAs: 65002, routerId: 0x02020202, capabilities: PEER_GR });
    again.send({ type: "KEEPALIVE" });
    await waitState(f.session, "Established");
    // The stale routes wait for the peer's End-of-RIB, whatever the peer's F bit.
    expect(events).toEqual(["stale 1/1 90"]);
    const purged = next(f.session, "routes:purge-stale");
    again.send({ type: "UPDATE", withdrawn: [], attributes: {}, nlri: [] });
    await purged;
    expect(events).toEqual(["stale 1/1 90", "purge 1/1"]);

    // The restart is over: a later reconnection is an ordinary one, without R.
    const idle = waitState(f.session, "Idle");
    again.destroy();
    await idle;
    clock.advance(1000);
    const third: FakePeer = await listener.accept();
    expect(grOf(await third.next("OPEN"))?.restarting).toBe(false);
  });

  it("sweeps the stale routes if we are not back within our restart time", async () => {
    const clock = new ManualClock();
    const f = await establishWithFake({
      clock,
      peer: { capabilities: OUR_GR },
      open: { capabilities: PEER_GR },
    });
    cleanup.push(
      () => f.speaker.stop(),
      () => f.fake.close(),
    );
    const events: string[] = [];
    f.session.on("routes:purge-stale", (fam) => events.push(`purge ${fam}`));
    await f.session.stopForRestart();
    clock.advance(89_999);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual(["purge 1/1"]);
  });

  it("flushes instead when graceful restart was not negotiated (the peer will not keep ours either)", async () => {
    const f = await establishWithFake({ peer: { capabilities: OUR_GR } });
    cleanup.push(
      () => f.speaker.stop(),
      () => f.fake.close(),
    );
    const flushed = next(f.session, "routes:flush");
    await f.session.stopForRestart();
    await flushed;
    expect(f.conn.received.some((m) => m.type === "NOTIFICATION")).toBe(false);
  });
});

describe("BgpSpeaker.stopForRestart", () => {
  it("the peer sees the connection drop with no NOTIFICATION, keeps our routes stale, then sees R", async () => {
    const pair = await speakerPair({ a: { capabilities: OUR_GR }, b: { capabilities: OUR_GR } });
    cleanup.push(
      () => pair.a.stop(),
      () => pair.b.stop(),
    );
    await pair.a.start();
    await pair.b.start();
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    const notifications: NotificationInfo[] = [];
    pair.sb.on("notification:received", (n) => notifications.push(n));
    const staleAtB = next<[readonly string[], number]>(pair.sb, "routes:stale");
    const staleAtA = next<[readonly string[], number]>(pair.sa, "routes:stale");
    const downAtB = next<[BgpSessionError]>(pair.sb, "session:down");

    await pair.a.stopForRestart({ forwardingPreserved: true });
    expect((await downAtB)[0].code).toBe("ERR_BGP_CONNECTION_FAILED");
    expect(await staleAtB).toEqual([["1/1"], 90]);
    expect(await staleAtA).toEqual([["1/1"], 90]);
    expect(notifications).toEqual([]);
    expect(pair.a.address()).toBeNull(); // the listener is closed too

    await pair.a.start();
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    expect(pair.sb.negotiated?.gracefulRestart?.peerRestarting).toBe(true);
    expect(pair.sb.negotiated?.gracefulRestart?.families).toEqual([
      { family: "1/1", forwardingPreserved: true },
    ]);
    expect(pair.sa.ourOpen).toBe(pair.sa.restart.open);
    expect(pair.sa.restart.isRestarting).toBe(false);
  });
});
