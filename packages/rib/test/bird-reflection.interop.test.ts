/**
 * Reflection differential against BIRD 2: BIRD reflects for two clients, two non-clients and
 * two eBGP peers (ExaBGP speakers in network namespaces); c1, n1 and e1 announce, c2, n2 and e2
 * listen. The same routes go through our RIB and Adj-RIB-Out peer groups (fed directly: the FSM
 * speaker is not used yet), and every listener must receive from BIRD exactly the routes our
 * groups build for it, with the same ORIGINATOR_ID, CLUSTER_LIST, AS_PATH, NEXT_HOP,
 * LOCAL_PREF and MED (RFC 4456 §6, §8; RFC 4271 §5.1). BIRD passes on a next hop that lies on
 * the subnet it shares with an eBGP peer (RFC 4271 §5.1.3 third-party next hop): the eBGP group
 * is configured with `sharedSubnets` to match.
 */
import type { PathAttributes, UpdateMessage } from "@tsbgp/bgp-wire";
import { AdjRibOut, type Peer } from "@tsbgp/rib";
import type { Announcement, DaemonRoute } from "@tsbgp/testkit";
import { Bird, ExaBgp, Lab } from "@tsbgp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRib } from "./helpers.js";

const AS = 65000;
const ROLES = [
  { name: "c1", asn: AS, rrClient: true, routerId: "10.0.1.1" },
  { name: "c2", asn: AS, rrClient: true, routerId: "10.0.1.2" },
  { name: "n1", asn: AS, rrClient: false, routerId: "10.0.2.1" },
  { name: "n2", asn: AS, rrClient: false, routerId: "10.0.2.2" },
  { name: "e1", asn: 65001, rrClient: false, routerId: "10.0.3.1" },
  { name: "e2", asn: 65002, rrClient: false, routerId: "10.0.3.2" },
] as const;
const SENDERS = ["c1", "n1", "e1"] as const;
const LISTENERS = ["c2", "n2", "e2"] as const;

const ip4 = (t: string) => t.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const txt4 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** Six prefixes per sender, each with some attributes to carry. */
function announcements(k: number, ibgp: boolean): Announcement[] {
  return Array.from({ length: 6 }, (_, i) => ({
    prefix: `198.19.${200 + k}.${i * 32}/27`,
    origin: i % 3 === 0 ? "egp" : "igp",
    asPathPrepend: ibgp ? [65100 + i] : [65100 + i, 65200],
    med: 10 + i,
    ...(ibgp ? { localPref: 100 + 10 * i } : {}),
    communities: [`${65000 + k}:${i}`],
  }));
}

interface Seen {
  asPath: number[];
  nextHop: string;
  localPref?: number;
  med?: number;
  originatorId?: string;
  clusterList?: string[];
}

function fromDaemon(r: DaemonRoute): Seen {
  return {
    asPath: [...r.asPath],
    nextHop: r.nextHop,
    ...(r.localPref !== undefined ? { localPref: r.localPref } : {}),
    ...(r.med !== undefined ? { med: r.med } : {}),
    ...(r.originatorId !== undefined ? { originatorId: r.originatorId } : {}),
    ...(r.clusterList !== undefined ? { clusterList: [...r.clusterList] } : {}),
  };
}

function fromOurs(a: PathAttributes): Seen {
  return {
    asPath: (a.asPath ?? []).flatMap((s) => [...s.asns]),
    nextHop: txt4(a.nextHop!.addr),
    ...(a.localPref !== undefined ? { localPref: a.localPref } : {}),
    ...(a.med !== undefined ? { med: a.med } : {}),
    ...(a.originatorId !== undefined ? { originatorId: txt4(a.originatorId) } : {}),
    ...(a.clusterList !== undefined ? { clusterList: a.clusterList.map(txt4) } : {}),
  };
}

describe("route reflection: differential against BIRD 2", () => {
  let lab: Lab;
  const listeners = new Map<string, ExaBgp>();
  let addresses: string[] = [];
  // c2 gets c1's, n1's and e1's routes; n2 c1's and e1's (not n1's); e2 all three: 18 + 12 + 18.
  const expectedCount = 48;

  beforeAll(async () => {
    lab = await Lab.create();
    const hosts = [await lab.host("rr"), ...(await Promise.all(ROLES.map((r) => lab.host(r.name))))];
    const seg = await lab.segment(hosts);
    addresses = seg.members.map((m) => m.v4!);
    const rrAddr = addresses[0]!;
    await Bird.start(hosts[0]!, {
      routerId: "10.0.0.100",
      localAs: AS,
      neighbors: ROLES.map((r, k) => ({
        address: addresses[k + 1]!,
        remoteAs: r.asn,
        passive: true,
        ...(r.rrClient ? { rrClient: true } : {}),
      })),
    });
    await Promise.all(
      ROLES.map(async (r, k) => {
        const sender = (SENDERS as readonly string[]).indexOf(r.name);
        const exa = await ExaBgp.start(hosts[k + 1]!, {
          routerId: r.routerId,
          localAs: r.asn,
          neighbors: [{ address: rrAddr, remoteAs: AS }],
          announce: sender >= 0 ? announcements(sender, r.asn === AS) : [],
        });
        if ((LISTENERS as readonly string[]).includes(r.name)) listeners.set(r.name, exa);
      }),
    );
    // Wait until every listener has what BIRD will send it.
    const deadline = Date.now() + 45_000;
    for (;;) {
      let n = 0;
      for (const x of listeners.values())
        n += (await x.routes()).filter((r) => r.prefix.startsWith("198.19.20")).length;
      if (n >= expectedCount || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 90_000);

  afterAll(async () => {
    if (!lab) return;
    await lab.destroy();
    expect(await Lab.listNamespaces(lab.prefix)).toEqual([]);
  });

  it("every listener receives from BIRD exactly what our Adj-RIB-Out builds for it", async () => {
    const rib = makeRib({ asn: AS, routerId: ip4("10.0.0.100") });
    const peers = new Map<string, Peer>();
    for (const [k, r] of ROLES.entries()) {
      const peer = rib.addPeer({
        name: r.name,
        address: { afi: 1, addr: ip4(addresses[k + 1]!) },
        asn: r.asn,
        routerId: ip4(r.routerId),
        rrClient: r.rrClient,
      });
      peers.set(r.name, peer);
    }
    const localAddress = { v4: ip4(addresses[0]!) };
    const groups = {
      c2: new AdjRibOut(rib, { name: "clients", kind: "ibgp", rrClient: true, localAddress }),
      n2: new AdjRibOut(rib, { name: "non-clients", kind: "ibgp", localAddress }),
      // BIRD passes a next hop on the shared segment on to eBGP peers (third-party next hop).
      e2: new AdjRibOut(rib, {
        name: "ebgp",
        kind: "ebgp",
        localAddress,
        sharedSubnets: [{ afi: 1, addr: ip4(addresses[0]!) & 0xffffff00, len: 24 }],
      }),
    };
    for (const l of LISTENERS) groups[l].addMember(peers.get(l)!);
    SENDERS.forEach((name, k) => {
      const role = ROLES.find((r) => r.name === name)!;
      const idx = ROLES.indexOf(role);
      for (const a of announcements(k, role.asn === AS)) {
        const [addr, len] = a.prefix.split("/");
        const path = role.asn === AS ? a.asPathPrepend! : [role.asn, ...a.asPathPrepend!];
        rib.announce(
          peers.get(name)!,
          { afi: 1, addr: ip4(addr!), len: Number(len) },
          {
            origin: a.origin === "egp" ? 1 : 0,
            asPath: [{ type: 2, asns: path }],
            nextHop: { afi: 1, addr: ip4(addresses[idx + 1]!) },
            med: a.med!,
            ...(a.localPref !== undefined ? { localPref: a.localPref } : {}),
            communities: a.communities!.map((c) => {
              const [x, y] = c.split(":").map(Number);
              return ((x! << 16) | y!) >>> 0;
            }),
          },
        );
      }
    });
    rib.flush();
    for (const l of LISTENERS) {
      const ours = new Map<string, Seen>();
      const msgs: readonly UpdateMessage[] = groups[l].flush().for(peers.get(l)!);
      for (const m of msgs)
        for (const n of m.nlri)
          ours.set(`${txt4(n.prefix.addr as number)}/${n.prefix.len}`, fromOurs(m.attributes));
      const theirs = new Map(
        (await listeners.get(l)!.routes())
          .filter((r) => r.prefix.startsWith("198.19.20"))
          .map((r) => [r.prefix, fromDaemon(r)] as const),
      );
      expect({ listener: l, routes: Object.fromEntries(theirs) }).toEqual({
        listener: l,
        routes: Object.fromEntries(ours),
      });
    }
  });
});
