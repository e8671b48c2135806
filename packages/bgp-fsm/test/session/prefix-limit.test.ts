/**
 * The max-prefix counter (RFC 4486 §4) across graceful restart (RFC 4724 §4.2): stale routes
 * count until the peer refreshes or withdraws them, or they are swept.
 */
import type { NotificationMessage, Nlri, UpdateMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock, type PeerConfig } from "../../src/index.js";
import { PrefixCounter } from "../../src/session/prefix-limit.js";
import { FakeListener, type FakePeer, establishWithFake } from "./fake-peer.js";
import { waitState } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

/** 10.0.i.0/24 */
const v4 = (i: number): Nlri => ({ prefix: { afi: 1, addr: (10 << 24) | (i << 8), len: 24 } });
/** 2001:db8:i::/48 */
const v6 = (i: number): Nlri => ({
  prefix: {
    afi: 2,
    addr: new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    len: 48,
  },
});

describe("PrefixCounter", () => {
  it("counts distinct prefixes per family; announcing twice counts once", () => {
    const c = new PrefixCounter();
    c.announce([v4(1), v4(2), v4(1)]);
    c.announce([v6(1)], "2/1");
    c.announce([v4(1)], "1/2"); // the same prefix in another SAFI is another route
    expect(c.size).toBe(4);
    c.withdraw([v4(2)]);
    c.withdraw([v6(1)], "2/1");
    expect(c.size).toBe(2);
  });

  it("keeps stale prefixes counted until refreshed, withdrawn or swept", () => {
    const c = new PrefixCounter();
    c.announce([v4(1), v4(2), v4(3)]);
    c.announce([v6(1), v6(2)], "2/1");
    c.markStale(["1/1", "2/1"]);
    expect([c.size, c.staleSize]).toEqual([5, 5]);
    c.announce([v4(1), v4(4)]); // v4(1) refreshed, v4(4) new
    expect([c.size, c.staleSize]).toEqual([6, 4]);
    c.withdraw([v4(2)]);
    expect([c.size, c.staleSize]).toEqual([5, 3]);
    c.purgeStale("1/1"); // End-of-RIB: v4(3) goes
    expect([c.size, c.staleSize]).toEqual([4, 2]);
    c.purgeStale("2/1");
    expect([c.size, c.staleSize]).toEqual([2, 0]);
  });

  it("drops the live prefixes of families not kept stale, and clear() forgets everything", () => {
    const c = new PrefixCounter();
    c.announce([v4(1)]);
    c.announce([v6(1)], "2/1");
    c.markStale(["2/1"]);
    expect([c.size, c.staleSize]).toEqual([1, 1]);
    c.clear();
    expect(c.size).toBe(0);
  });
});

const GR = { gracefulRestart: { restartTime: 120, forwardingPreserved: true } };
const ATTRS: UpdateMessage["attributes"] = {
  origin: 0,
  asPath: [{ type: 2, asns: [65002] }],
  nextHop: { afi: 1, addr: 0x7f000002 },
};

/** The IPv4 unicast End-of-RIB marker (RFC 4724 §2): an UPDATE with nothing in it. */
const EOR: Partial<UpdateMessage> = { attributes: {}, nlri: [] };

describe("max-prefix across a graceful restart of the peer", () => {
  /** A session with `maxPrefixes: 3` to a fake peer; both sides advertise graceful restart when `gr`. */
  async function setup(gr: boolean, peer: Partial<PeerConfig> = {}) {
    const clock = new ManualClock();
    const listener = await FakeListener.listen("127.0.0.2");
    const caps = gr ? { capabilities: GR } : {};
    const f = await establishWithFake({
      clock,
      listener,
      peer: { maxPrefixes: 3, ...caps, ...peer },
      open: caps,
    });
    cleanup.push(
      () => f.speaker.stop(),
      () => listener.close(),
    );
    /** Sends an UPDATE and waits until the session has read it. */
    const send = async (conn: FakePeer, msg: Partial<UpdateMessage>): Promise<void> => {
      const n = f.session.counters.messagesIn.UPDATE;
      conn.send({ type: "UPDATE", withdrawn: [], attributes: ATTRS, nlri: [], ...msg });
      while (f.session.counters.messagesIn.UPDATE === n) await new Promise((r) => setImmediate(r));
    };
    /**
     * The peer restarts: its connection drops, ours reconnects after IdleHoldTime (`holdMs`: 1 s,
     * doubled by damping for each failure soon after the previous one) and comes back up.
     */
    const restart = async (conn: FakePeer, holdMs = 1000): Promise<FakePeer> => {
      const idle = waitState(f.session, "Idle");
      conn.destroy();
      await idle;
      clock.advance(holdMs);
      const again = await listener.accept();
      await again.next("OPEN");
      again.sendOpen({
        localAs: 65002,
        routerId: 0x02020202,
        holdTime: 90,
        ...(gr ? { capabilities: { gracefulRestart: { ...GR.gracefulRestart, restarting: true } } } : {}),
      });
      again.send({ type: "KEEPALIVE" });
      await waitState(f.session, "Established");
      return again;
    };
    return { ...f, send, restart };
  }

  it("counts the stale routes: a new prefix before End-of-RIB exceeds the limit", async () => {
    const f = await setup(true);
    await f.send(f.conn, { nlri: [v4(1), v4(2), v4(3)] });
    const again = await f.restart(f.conn);
    await f.send(again, { nlri: [v4(4)] });
    const n = (await again.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([6, 1]);
    expect(f.session.counters.lastError).toContain("exceeded 3 prefixes");
  });

  it("refreshed prefixes count once, and End-of-RIB sweeps the rest off the count", async () => {
    const f = await setup(true);
    await f.send(f.conn, { nlri: [v4(1), v4(2), v4(3)] });
    const again = await f.restart(f.conn);
    await f.send(again, { nlri: [v4(1), v4(2), v4(3)] }); // the same table again: 3
    expect(f.session.state).toBe("Established");
    await f.send(again, EOR); // nothing was left stale
    await f.send(again, { withdrawn: [v4(3)], nlri: [v4(5)] });
    expect(f.session.state).toBe("Established");
    // A peer that re-sends only part of its table: the rest is swept at End-of-RIB.
    const third = await f.restart(again, 2000);
    await f.send(third, { nlri: [v4(1)] });
    await f.send(third, EOR);
    await f.send(third, { nlri: [v4(6), v4(7)] }); // 1, 6, 7
    expect(f.session.state).toBe("Established");
    await f.send(third, { nlri: [v4(8)] });
    const n = (await third.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([6, 1]);
  });

  it("starts from zero after a restart without graceful restart (routes flushed)", async () => {
    const f = await setup(false);
    await f.send(f.conn, { nlri: [v4(1), v4(2), v4(3)] });
    const again = await f.restart(f.conn);
    await f.send(again, { nlri: [v4(4), v4(5), v4(6)] });
    expect(f.session.state).toBe("Established");
  });
});
