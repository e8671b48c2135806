/** RFC 4271 §6.8 connection collisions, with a scripted peer that connects both ways. */
import type { NotificationMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import { BgpSpeaker } from "../../src/index.js";
import { FakeListener, FakePeer } from "./fake-peer.js";
import { freePort, speakerPair, waitState } from "./loopback-helpers.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

/**
 * Our speaker (1.1.1.1) connects to the fake peer, and the fake peer connects back before
 * answering; both connections then carry an OPEN with `peerId`.
 */
async function collide(peerId: number) {
  const fake = await FakeListener.listen("127.0.0.2");
  const ourPort = await freePort("127.0.0.1");
  const speaker = new BgpSpeaker({
    localAs: 65001,
    routerId: "1.1.1.1",
    listen: { address: "127.0.0.1", port: ourPort },
    peers: [
      {
        address: "127.0.0.2",
        port: fake.port,
        peerAs: 65002,
        localAddress: "127.0.0.1",
        fsm: { idleHoldTime: 60 },
      },
    ],
  });
  cleanup.push(
    () => speaker.stop(),
    () => fake.close(),
  );
  const session = speaker.sessions[0]!;
  if (process.env.DEBUG_FSM) {
    session.on("state:change", (f, t) => console.log("state", f, t));
    session.on("log", (l, m) => console.log("log", l, m));
    session.on("notification:sent", (n) => console.log("sent", n.code, n.subcode));
    session.on("session:error", (e) => console.log("error", e.message));
  }
  await speaker.start();
  const ourConn = await fake.accept(); // the connection we opened
  await ourConn.next("OPEN");
  const theirConn = await FakePeer.connect("127.0.0.1", ourPort, "127.0.0.2");
  await theirConn.next("OPEN"); // our OPEN on the tracked second connection
  const open = { localAs: 65002, routerId: peerId, holdTime: 90 };
  ourConn.sendOpen(open);
  theirConn.sendOpen(open);
  return { session, ourConn, theirConn };
}

describe("connection collision (RFC 4271 §6.8)", () => {
  it("keeps the peer's connection when the peer's BGP identifier is higher", async () => {
    const { session, ourConn, theirConn } = await collide(0x02020202);
    const cease = (await ourConn.next("NOTIFICATION")) as NotificationMessage;
    expect([cease.code, cease.subcode]).toEqual([6, 7]);
    await theirConn.next("KEEPALIVE");
    theirConn.send({ type: "KEEPALIVE" });
    await waitState(session, "Established");
    expect(session.connection?.origin).toBe("remote");
    expect(session.connection?.remotePort).toBe(theirConn.socket.localPort);
  });

  it("keeps our connection when our BGP identifier is higher", async () => {
    const { session, ourConn, theirConn } = await collide(0x01000001);
    const cease = (await theirConn.next("NOTIFICATION")) as NotificationMessage;
    expect([cease.code, cease.subcode]).toEqual([6, 7]);
    await ourConn.next("KEEPALIVE");
    ourConn.send({ type: "KEEPALIVE" });
    await waitState(session, "Established");
    expect(session.connection?.origin).toBe("local");
    await theirConn.closed;
  });

  it("two of our speakers connecting at once end on one connection", async () => {
    for (let i = 0; i < 5; i++) {
      const { a, b, sa, sb } = await speakerPair();
      cleanup.push(
        () => a.stop(),
        () => b.stop(),
      );
      if (process.env.DEBUG_FSM) {
        for (const s of [sa, sb]) {
          s.on("state:change", (f, t) => console.log(s.routerIdText, "state", f, t));
          s.on("log", (l, m) => console.log(s.routerIdText, "log", l, m));
          s.on("notification:sent", (n) => console.log(s.routerIdText, "sent", n.code, n.subcode));
          s.on("notification:received", (n) => console.log(s.routerIdText, "recv", n.code, n.subcode));
        }
      }
      await Promise.all([a.start(), b.start()]);
      await Promise.all([waitState(sa, "Established"), waitState(sb, "Established")]);
      expect(sa.connection?.localPort).toBe(sb.connection?.remotePort);
      expect(sb.connection?.localPort).toBe(sa.connection?.remotePort);
      await Promise.all(cleanup.splice(0).map((f) => f()));
    }
  });
});
