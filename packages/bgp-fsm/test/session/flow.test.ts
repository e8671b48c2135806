/** Backpressure, reconnection and graceful restart over loopback TCP. */
import type { UpdateMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import type { BgpSpeaker } from "../../src/index.js";
import { FakeListener, establishWithFake } from "./fake-peer.js";
import { next, speakerPair, waitState } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

async function up(pair: { a: BgpSpeaker; b: BgpSpeaker }) {
  cleanup.push(
    () => pair.a.stop(),
    () => pair.b.stop(),
  );
  await pair.a.start();
  await pair.b.start();
}

describe("backpressure", () => {
  it("sendUpdates waits for drain while the receiver is paused, then delivers everything", async () => {
    const pair = await speakerPair();
    await up(pair);
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    let received = 0;
    pair.sb.on("update:received", (u: UpdateMessage) => {
      received += u.nlri.length;
    });
    pair.sb.pauseInput();
    // 400 UPDATEs of ~48 KB (4,000 large communities each, RFC 8654 sizes): ~19 MB, more than
    // the kernel's loopback socket buffers can hold.
    const messages = 400;
    const total = messages * 10;
    let produced = 0;
    let maxQueued = 0;
    const conn = pair.sa;
    const largeCommunities = Array.from({ length: 4000 }, (_, i) => ({
      global: 65001,
      local1: i,
      local2: i,
    }));
    const attributes = {
      origin: 0 as const,
      asPath: [{ type: 2 as const, asns: [65001] }],
      nextHop: { afi: 1 as const, addr: 0x7f000001 },
      largeCommunities,
    };
    function* source(): Generator<UpdateMessage> {
      for (let i = 0; i < messages; i++) {
        const nlri = Array.from({ length: 10 }, (_, j) => ({
          prefix: { afi: 1 as const, addr: ((i * 10 + j) << 8) >>> 0, len: 24 },
        }));
        produced++;
        yield { type: "UPDATE", withdrawn: [], attributes, nlri };
      }
    }
    const probe = setInterval(() => {
      maxQueued = Math.max(
        maxQueued,
        (conn as unknown as { main: { conn: { writableLength: number } | null } }).main.conn
          ?.writableLength ?? 0,
      );
    }, 2);
    const sending = conn.sendUpdates(source());
    let done = false;
    void sending.then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    // The receiver reads nothing: the sender must be stuck well before the whole table.
    expect(done).toBe(false);
    expect(produced).toBeLessThan(messages);
    pair.sb.resumeInput();
    await sending;
    clearInterval(probe);
    while (received < total) await new Promise((r) => setTimeout(r, 10));
    expect(received).toBe(total);
    // Never more than a few socket buffers' worth queued in user space.
    expect(maxQueued).toBeLessThan(512 * 1024);
  });
});

describe("batched writes", () => {
  it("a slow async source still gets each UPDATE out at once (no write held back)", async () => {
    const pair = await speakerPair();
    await up(pair);
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    const arrived: number[] = [];
    pair.sb.on("update:received", (u: UpdateMessage) => {
      if (u.nlri.length > 0) arrived.push(u.nlri[0]!.prefix.len);
    });
    const attributes = {
      origin: 0 as const,
      asPath: [{ type: 2 as const, asns: [65001] }],
      nextHop: { afi: 1 as const, addr: 0x7f000001 },
    };
    const seenBeforeSecond: number[] = [];
    async function* slow(): AsyncGenerator<UpdateMessage> {
      yield {
        type: "UPDATE",
        withdrawn: [],
        attributes,
        nlri: [{ prefix: { afi: 1, addr: 0x0a000000, len: 8 } }],
      };
      await new Promise((r) => setTimeout(r, 300));
      seenBeforeSecond.push(...arrived);
      yield {
        type: "UPDATE",
        withdrawn: [],
        attributes,
        nlri: [{ prefix: { afi: 1, addr: 0x0a000000, len: 9 } }],
      };
    }
    expect(await pair.sa.sendUpdates(slow())).toBe(2);
    expect(seenBeforeSecond).toEqual([8]);
  });
});

describe("reconnection", () => {
  it("comes back after the peer restarts, with no operator action", async () => {
    const pair = await speakerPair();
    await up(pair);
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    const down = next(pair.sa, "session:down");
    await pair.b.stop("restarting");
    await down;
    await pair.b.start();
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    expect(pair.sa.counters.establishedTransitions).toBe(2);
    expect(pair.sa.counters.flaps).toBe(1);
  });
});

describe("graceful restart (RFC 4724)", () => {
  it("keeps the peer's routes stale across its restart and purges them at End-of-RIB", async () => {
    const listener = await FakeListener.listen("127.0.0.2");
    const gr = { gracefulRestart: { restartTime: 120, forwardingPreserved: true } };
    const first = await establishWithFake({
      listener,
      peer: { capabilities: gr, fsm: { idleHoldTime: 1 } },
      open: { capabilities: { gracefulRestart: { restartTime: 60, forwardingPreserved: true } } },
    });
    cleanup.push(
      () => first.speaker.stop(),
      () => listener.close(),
    );
    const events: string[] = [];
    first.session.on("routes:stale", (f, t) => events.push(`stale ${f.join(",")} ${t}`));
    first.session.on("routes:purge-stale", (f) => events.push(`purge ${f}`));
    first.session.on("routes:flush", () => events.push("flush"));
    expect(first.session.negotiated?.gracefulRestart?.restartTime).toBe(60);
    // The peer dies without a NOTIFICATION.
    first.conn.destroy();
    await waitState(first.session, "Idle");
    expect(events).toEqual(["stale 1/1 60"]);
    // Our side reconnects by itself; the peer comes back with the Restart State bit.
    const again = await listener.accept();
    await again.next("OPEN");
    again.sendOpen({
      localAs: 65002,
      routerId: 0x02020202,
      holdTime: 90,
      capabilities: { gracefulRestart: { restartTime: 60, restarting: true, forwardingPreserved: true } },
    });
    again.send({ type: "KEEPALIVE" });
    await waitState(first.session, "Established");
    expect(events).toEqual(["stale 1/1 60"]);
    const purged = next(first.session, "routes:purge-stale");
    again.send({ type: "UPDATE", withdrawn: [], attributes: {}, nlri: [] }); // End-of-RIB
    await purged;
    expect(events).toEqual(["stale 1/1 60", "purge 1/1"]);
  });

  it("flushes routes at once when graceful restart was not negotiated", async () => {
    const f = await establishWithFake({ peer: { fsm: { idleHoldTime: 60 } } });
    cleanup.push(
      () => f.speaker.stop(),
      () => f.fake.close(),
    );
    const flushed = next(f.session, "routes:flush");
    f.conn.destroy();
    await flushed;
  });
});
