/** Keepalive and hold timers on an injected clock: no waiting for real seconds. */
import type { NotificationMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import { type BgpSessionError, ManualClock } from "../../src/index.js";
import { establishWithFake } from "./fake-peer.js";
import { next } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("session timers", () => {
  it("sends KEEPALIVEs every third of the hold time", async () => {
    const clock = new ManualClock();
    const { speaker, fake, conn } = await establishWithFake({ clock, open: { holdTime: 9 } });
    cleanup.push(
      () => speaker.stop(),
      () => fake.close(),
    );
    const before = conn.received.filter((m) => m.type === "KEEPALIVE").length;
    clock.advance(3000);
    await conn.next("KEEPALIVE");
    clock.advance(3000);
    await conn.next("KEEPALIVE");
    expect(conn.received.filter((m) => m.type === "KEEPALIVE").length).toBe(before + 2);
  });

  it("expires the hold timer of a silent peer with NOTIFICATION Hold Timer Expired", async () => {
    const clock = new ManualClock();
    const { speaker, session, fake, conn } = await establishWithFake({ clock, open: { holdTime: 3 } });
    cleanup.push(
      () => speaker.stop(),
      () => fake.close(),
    );
    const down = next<[BgpSessionError]>(session, "session:down");
    clock.advance(3000);
    const n = (await conn.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([4, 0]);
    expect((await down)[0].code).toBe("ERR_BGP_HOLD_TIMER_EXPIRED");
    expect(session.state).toBe("Idle");
  });

  it("keeps the session while the peer's KEEPALIVEs arrive", async () => {
    const clock = new ManualClock();
    const { speaker, session, fake, conn } = await establishWithFake({ clock, open: { holdTime: 3 } });
    cleanup.push(
      () => speaker.stop(),
      () => fake.close(),
    );
    for (let i = 0; i < 5; i++) {
      conn.send({ type: "KEEPALIVE" });
      const n = session.counters.messagesIn.KEEPALIVE;
      while (session.counters.messagesIn.KEEPALIVE === n) await tick();
      clock.advance(2000);
    }
    expect(session.state).toBe("Established");
  });

  it("restarts the hold timer on each UPDATE, and delivers it", async () => {
    // UPDATEs in Established skip the transition objects (receive.ts): the hold timer must be
    // restarted all the same. Hold time 3 s; an UPDATE at 2.5 s; at 4 s the session must still
    // be up (the timer from Established would have fired at 3 s, with no input since), and
    // past 5.5 s, three seconds after the UPDATE, the hold timer expires.
    const clock = new ManualClock();
    const { speaker, session, fake, conn } = await establishWithFake({ clock, open: { holdTime: 3 } });
    cleanup.push(
      () => speaker.stop(),
      () => fake.close(),
    );
    const got: boolean[] = [];
    session.on("update:received", (_u, meta) => got.push(meta.treatAsWithdraw));
    clock.advance(2500);
    conn.send({
      type: "UPDATE",
      withdrawn: [{ prefix: { afi: 1, addr: 0xc6120000, len: 24 } }],
      attributes: {},
      nlri: [],
    });
    while (session.counters.messagesIn.UPDATE === 0) await tick();
    expect(got).toEqual([false]);
    clock.advance(1500);
    for (let i = 0; i < 5; i++) await tick();
    expect(session.state).toBe("Established");
    const down = next<[BgpSessionError]>(session, "session:down");
    clock.advance(1600);
    expect((await down)[0].code).toBe("ERR_BGP_HOLD_TIMER_EXPIRED");
  });

  it("does not expire the hold timer while input is paused and queued (BIRD's courtesy)", async () => {
    const clock = new ManualClock();
    const { speaker, session, fake, conn } = await establishWithFake({ clock, open: { holdTime: 3 } });
    cleanup.push(
      () => speaker.stop(),
      () => fake.close(),
    );
    session.pauseInput();
    conn.send({ type: "KEEPALIVE" });
    const deferred = next<[string, string]>(session, "log", (_l, m) => m.includes("hold timer deferred"));
    clock.advance(3000);
    await deferred;
    expect(session.state).toBe("Established");
    session.resumeInput();
    const n = session.counters.messagesIn.KEEPALIVE;
    while (session.counters.messagesIn.KEEPALIVE === n) await tick();
    expect(session.state).toBe("Established");
  });
});
