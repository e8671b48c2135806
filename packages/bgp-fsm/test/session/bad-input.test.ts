/** A malformed message ends only its own session, with the right NOTIFICATION. */
import type { NotificationMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import { type BgpSessionError, BgpSpeaker, type NotificationInfo } from "../../src/index.js";
import { FakeListener, type FakePeer } from "./fake-peer.js";
import { next, speakerPair, waitState } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

const MARKER = new Array(16).fill(0xff);

/** A message from a header type and body bytes. */
function raw(type: number, body: number[], marker = MARKER): Uint8Array {
  const len = 19 + body.length;
  return new Uint8Array([...marker, len >> 8, len & 255, type, ...body]);
}

/** One speaker with two fake peers (127.0.0.2 and 127.0.0.3), both Established. */
async function twoPeers() {
  const l2 = await FakeListener.listen("127.0.0.2");
  const l3 = await FakeListener.listen("127.0.0.3");
  const speaker = new BgpSpeaker({
    localAs: 65001,
    routerId: "1.1.1.1",
    peers: [
      {
        address: "127.0.0.2",
        port: l2.port,
        peerAs: 65002,
        localAddress: "127.0.0.1",
        fsm: { idleHoldTime: 60 },
      },
      {
        address: "127.0.0.3",
        port: l3.port,
        peerAs: 65003,
        localAddress: "127.0.0.1",
        fsm: { idleHoldTime: 60 },
      },
    ],
  });
  cleanup.push(
    () => speaker.stop(),
    () => l2.close(),
    () => l3.close(),
  );
  await speaker.start();
  const peers: FakePeer[] = [];
  for (const [l, as, id] of [
    [l2, 65002, 0x02020202],
    [l3, 65003, 0x03030303],
  ] as const) {
    const c = await l.accept();
    await c.next("OPEN");
    c.sendOpen({ localAs: as, routerId: id, holdTime: 90 });
    c.send({ type: "KEEPALIVE" });
    peers.push(c);
  }
  const [s2, s3] = speaker.sessions as [
    import("../../src/index.js").BgpSession,
    import("../../src/index.js").BgpSession,
  ];
  await Promise.all([waitState(s2, "Established"), waitState(s3, "Established")]);
  return { speaker, s2, s3, p2: peers[0]!, p3: peers[1]! };
}

describe("malformed input", () => {
  it("an UPDATE whose Withdrawn Routes length overruns gets UPDATE / Malformed Attribute List; the other session stays up", async () => {
    const { s2, s3, p2, p3 } = await twoPeers();
    const err = next<[BgpSessionError]>(s2, "session:down");
    // Withdrawn Routes Length 5 with 2 bytes left (RFC 4271 §6.3, RFC 7606 §3 (a): session reset).
    p2.sendRaw(raw(2, [0, 5, 0, 0]));
    const n = (await p2.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([3, 1]);
    expect((await err)[0].code).toBe("ERR_BGP_MALFORMED_MESSAGE");
    await p2.closed;
    expect(s2.state).toBe("Idle");
    // The other peer is untouched: it still exchanges messages.
    p3.send({ type: "KEEPALIVE" });
    const k = s3.counters.messagesIn.KEEPALIVE;
    while (s3.counters.messagesIn.KEEPALIVE === k) await new Promise((r) => setTimeout(r, 5));
    expect(s3.state).toBe("Established");
  });

  it("an UPDATE with a bad ORIGIN is treated as withdraw (RFC 7606) and the session stays up", async () => {
    const { s2, p2 } = await twoPeers();
    const got = next<[import("@tsbgp/bgp-wire").UpdateMessage, { treatAsWithdraw: boolean }]>(
      s2,
      "update:received",
    );
    // ORIGIN value 7 is undefined: treat-as-withdraw for the NLRI 10.0.0.0/24.
    p2.sendRaw(raw(2, [0, 0, 0, 4, 0x40, 1, 1, 7, 24, 10, 0, 0]));
    const [u, meta] = await got;
    expect(meta.treatAsWithdraw).toBe(true);
    expect(u.nlri.map((x) => x.prefix.len)).toEqual([24]);
    expect(s2.counters.prefixesWithdrawn).toBe(1);
    expect(s2.state).toBe("Established");
  });

  it("a broken marker gets Message Header Error / Connection Not Synchronized", async () => {
    const { s2, s3, p2 } = await twoPeers();
    p2.sendRaw(raw(4, [], new Array(16).fill(0)));
    const n = (await p2.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([1, 1]);
    await waitState(s2, "Idle");
    expect(s3.state).toBe("Established");
  });

  it("a bad message length gets Message Header Error / Bad Message Length", async () => {
    const { p2 } = await twoPeers();
    p2.sendRaw(raw(4, [0, 0])); // a KEEPALIVE must be exactly 19 bytes
    const n = (await p2.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([1, 2]);
  });

  it("an OPEN on an Established session gets FSM Error / Unexpected Message in Established (RFC 6608)", async () => {
    const { p2 } = await twoPeers();
    p2.sendOpen({ localAs: 65002, routerId: 0x02020202, holdTime: 90 });
    const n = (await p2.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([5, 3]);
  });

  it("an UPDATE before the KEEPALIVE gets FSM Error / Unexpected Message in OpenConfirm", async () => {
    const l = await FakeListener.listen("127.0.0.2");
    const speaker = new BgpSpeaker({
      localAs: 65001,
      routerId: "1.1.1.1",
      peers: [{ address: "127.0.0.2", port: l.port, peerAs: 65002, localAddress: "127.0.0.1" }],
    });
    cleanup.push(
      () => speaker.stop(),
      () => l.close(),
    );
    await speaker.start();
    const c = await l.accept();
    await c.next("OPEN");
    c.sendOpen({ localAs: 65002, routerId: 0x02020202, holdTime: 90 });
    await c.next("KEEPALIVE");
    c.sendRaw(raw(2, [0, 0, 0, 0]));
    const n = (await c.next("NOTIFICATION")) as NotificationMessage;
    expect([n.code, n.subcode]).toEqual([5, 2]);
  });
});

describe("max-prefix (RFC 4486)", () => {
  it("ceases the session with Maximum Number of Prefixes Reached and the limit as data", async () => {
    const pair = await speakerPair({
      b: { maxPrefixes: 2, fsm: { idleHoldTime: 60 } },
      a: { fsm: { idleHoldTime: 60 } },
    });
    cleanup.push(
      () => pair.a.stop(),
      () => pair.b.stop(),
    );
    await pair.a.start();
    await pair.b.start();
    await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
    const got = next<[NotificationInfo]>(pair.sa, "notification:received");
    await pair.sa.announce({
      attributes: { origin: 0, asPath: [{ type: 2, asns: [65001] }], nextHop: { afi: 1, addr: 0x7f000001 } },
      announce: [1, 2, 3].map((i) => ({ prefix: { afi: 1 as const, addr: (10 << 24) | (i << 8), len: 24 } })),
    });
    const [n] = await got;
    expect([n.code, n.subcode]).toEqual([6, 1]);
    expect([...(n.data ?? [])]).toEqual([0, 1, 1, 0, 0, 0, 2]);
    expect(pair.sb.counters.lastError).toContain("exceeded 2 prefixes");
  });
});
