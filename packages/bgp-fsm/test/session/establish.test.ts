/** Two of our speakers talking over loopback TCP. */
import { readShutdownCommunication, type UpdateMessage } from "@tsbgp/bgp-wire";
import { afterEach, describe, expect, it } from "vitest";
import type { BgpSpeaker, NotificationInfo } from "../../src/index.js";
import { next, speakerPair, waitState } from "./loopback-helpers.js";

const running: BgpSpeaker[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function established(o: Parameters<typeof speakerPair>[0] = {}) {
  const pair = await speakerPair(o);
  running.push(pair.a, pair.b);
  await pair.a.start();
  await pair.b.start();
  await Promise.all([waitState(pair.sa, "Established"), waitState(pair.sb, "Established")]);
  return pair;
}

describe("loopback sessions", () => {
  it("reach Established on one shared connection with negotiated capabilities", async () => {
    const { sa, sb } = await established({ a: { holdTime: 30 }, b: { holdTime: 60 } });
    expect(sa.connection?.localPort).toBe(sb.connection?.remotePort);
    expect(sa.negotiated).toMatchObject({
      peerAs: 65002,
      holdTime: 30,
      keepaliveTime: 10,
      asn4: true,
      internal: false,
    });
    expect(sb.negotiated).toMatchObject({
      peerAs: 65001,
      holdTime: 30,
      routeRefresh: true,
      extendedMessage: true,
    });
    expect(sa.counters.messagesOut.OPEN).toBe(1);
    expect(sa.counters.messagesIn.KEEPALIVE).toBeGreaterThanOrEqual(1);
    expect(sa.counters.establishedTransitions).toBe(1);
  });

  it("works with 4-octet AS numbers on iBGP, over IPv4 and IPv6 families", async () => {
    const fam = { families: ["1/1", "2/1"] as const };
    const { sa, sb } = await established({ asA: 4200000001, asB: 4200000001, a: { ...fam }, b: { ...fam } });
    expect(sa.negotiated).toMatchObject({ peerAs: 4200000001, internal: true, families: ["1/1", "2/1"] });
    const got = next<[UpdateMessage]>(sb, "update:received");
    await sa.announce({
      attributes: {
        origin: 0,
        asPath: [],
        localPref: 200,
        mpReach: {
          afi: 2,
          safi: 1,
          nextHop: { afi: 2, addr: new Uint8Array([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]) },
          nextHopBytes: new Uint8Array(0),
          nlri: [],
          nlriBytes: new Uint8Array(0),
        },
      },
      announce: [
        {
          prefix: {
            afi: 2,
            addr: new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 1, ...new Array(10).fill(0)]),
            len: 48,
          },
        },
      ],
    });
    const [u] = await got;
    expect(u.attributes.localPref).toBe(200);
    expect(u.attributes.mpReach?.nlri.map((n) => n.prefix.len)).toEqual([48]);
    expect([...((u.attributes.mpReach?.nextHop?.addr as Uint8Array | undefined) ?? [])].slice(0, 4)).toEqual([
      0x20, 0x01, 0x0d, 0xb8,
    ]);
  });

  it("delivers UPDATEs with their attributes and End-of-RIB", async () => {
    const { sa, sb } = await established();
    const updates: UpdateMessage[] = [];
    sb.on("update:received", (u) => updates.push(u));
    const eor = next<[string]>(sb, "end-of-rib:received");
    await sa.announce({
      attributes: {
        origin: 0,
        asPath: [{ type: 2, asns: [65001] }],
        nextHop: { afi: 1, addr: 0x7f000001 },
        med: 50,
        communities: [((65001 << 16) | 100) >>> 0],
        largeCommunities: [{ global: 65001, local1: 1, local2: 2 }],
      },
      announce: [10, 11, 12].map((o) => ({ prefix: { afi: 1 as const, addr: (o << 24) >>> 0, len: 8 } })),
    });
    sa.sendEndOfRib("1/1");
    expect(await eor).toEqual(["1/1"]);
    const nlri = updates.flatMap((u) => u.nlri.map((n) => n.prefix));
    expect(nlri.map((p) => [p.addr, p.len])).toEqual([
      [0x0a000000, 8],
      [0x0b000000, 8],
      [0x0c000000, 8],
    ]);
    const attrs = updates[0]!.attributes;
    expect(attrs.med).toBe(50);
    expect(attrs.communities).toEqual([((65001 << 16) | 100) >>> 0]);
    expect(attrs.largeCommunities).toEqual([{ global: 65001, local1: 1, local2: 2 }]);
    expect(sb.counters.prefixesReceived).toBe(3);
    // The End-of-RIB marker is an UPDATE too, delivered like the others.
    expect(sb.counters.messagesIn.UPDATE).toBe(updates.length);
  });

  it("sends and receives ROUTE-REFRESH (RFC 2918)", async () => {
    const { sa, sb } = await established();
    const got = next<[{ afi: number; safi: number }]>(sb, "route-refresh:received");
    sa.requestRouteRefresh("1/1");
    expect((await got)[0]).toMatchObject({ afi: 1, safi: 1, subtype: 0 });
  });

  it("ends with Cease / Administrative Shutdown carrying the RFC 9003 message", async () => {
    const { a, sa, sb } = await established({ a: { fsm: { idleHoldTime: 60 } } });
    const got = next<[NotificationInfo]>(sb, "notification:received");
    const down = next<[Error]>(sb, "session:down");
    await a.stop("maintenance window ✓");
    const [n] = await got;
    expect([n.code, n.subcode]).toEqual([6, 2]);
    const text = readShutdownCommunication({
      type: "NOTIFICATION",
      code: n.code,
      subcode: n.subcode,
      data: n.data!,
    });
    expect(text).toMatchObject({ valid: true, text: "maintenance window ✓" });
    expect((await down)[0]).toMatchObject({ code: "ERR_BGP_NOTIFICATION_RECEIVED" });
    expect(sa.state).toBe("Idle");
  });

  it("refuses a peer announcing the wrong AS with OPEN error Bad Peer AS", async () => {
    const pair = await speakerPair({ b: { peerAs: 65099 } });
    running.push(pair.a, pair.b);
    const got = next<[NotificationInfo]>(pair.sa, "notification:received");
    const sent = next<[NotificationInfo]>(pair.sb, "notification:sent");
    await pair.a.start();
    await pair.b.start();
    const [n] = await got;
    expect([n.code, n.subcode]).toEqual([2, 2]);
    expect([(await sent)[0].code, (await sent)[0].subcode]).toEqual([2, 2]);
  });

  it("refuses connections from unconfigured addresses and logs them", async () => {
    const { a } = await speakerPair();
    running.push(a);
    await a.start();
    const refused = next<[string, number]>(a, "connection:refused");
    const { connect } = await import("node:net");
    const port = a.address()!.port;
    const sock = connect({ host: "127.0.0.1", port, localAddress: "127.0.0.3" });
    sock.on("error", () => {});
    const closed = new Promise<void>((r) => sock.once("close", () => r()));
    const [addr] = await refused;
    expect(addr).toBe("127.0.0.3");
    await closed;
    expect(a.sessions[0]!.state).not.toBe("Established");
  });

  it("removing a peer ends its session with Cease / Peer De-configured (RFC 4486)", async () => {
    const { a, sb } = await established({ a: { fsm: { idleHoldTime: 60 } } });
    const got = next<[NotificationInfo]>(sb, "notification:received");
    await a.removePeer("127.0.0.2");
    const [n] = await got;
    expect([n.code, n.subcode]).toEqual([6, 3]);
    expect(a.sessions).toHaveLength(0);
  });

  it("runs over IPv6 loopback too", async () => {
    const { BgpSpeaker } = await import("../../src/index.js");
    const { freePort } = await import("./loopback-helpers.js");
    const port = await freePort("::1");
    const server = new BgpSpeaker({
      localAs: 65001,
      routerId: "1.1.1.1",
      listen: { address: "::1", port },
      peers: [{ address: "::1", peerAs: 65002, passive: true, families: ["2/1"] }],
    });
    const client = new BgpSpeaker({
      localAs: 65002,
      routerId: "2.2.2.2",
      peers: [{ address: "::1", port, peerAs: 65001, families: ["2/1"] }],
    });
    running.push(server, client);
    await server.start();
    await client.start();
    await Promise.all([
      waitState(server.sessions[0]!, "Established"),
      waitState(client.sessions[0]!, "Established"),
    ]);
    expect(server.sessions[0]!.negotiated?.families).toEqual(["2/1"]);
  });

  it("negotiates ADD-PATH and extended messages and uses them on the wire", async () => {
    const caps = { capabilities: { addPath: [{ family: "1/1" as const, mode: 3 as const }] } };
    const { sa, sb } = await established({ a: caps, b: caps });
    expect(sa.negotiated).toMatchObject({
      addPathSend: ["1/1"],
      addPathReceive: ["1/1"],
      extendedMessage: true,
    });
    const got = next<[UpdateMessage]>(sb, "update:received", (u) => u.nlri.length > 0);
    // 2,500 large communities: a 30 KB UPDATE, legal only with RFC 8654 extended messages.
    const largeCommunities = Array.from({ length: 2500 }, (_, i) => ({
      global: 65001,
      local1: i,
      local2: 0,
    }));
    sa.send({
      type: "UPDATE",
      withdrawn: [],
      attributes: {
        origin: 0,
        asPath: [{ type: 2, asns: [65001] }],
        nextHop: { afi: 1, addr: 0x7f000001 },
        largeCommunities,
      },
      nlri: [
        { prefix: { afi: 1, addr: 0x0a000000, len: 8 }, pathId: 1 },
        { prefix: { afi: 1, addr: 0x0a000000, len: 8 }, pathId: 2 },
      ],
    });
    const [u] = await got;
    expect(u.nlri.map((n) => n.pathId)).toEqual([1, 2]);
    expect(u.attributes.largeCommunities).toHaveLength(2500);
  });
});
