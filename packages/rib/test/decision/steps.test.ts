import type { PathAttributes } from "@tsbgp/bgp-wire";
import { DecisionReason, type Peer, type Rib } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, ip4, makeRib, v4 } from "../helpers.js";

const P = v4("198.18.0.0/24");

function peer(rib: Rib, n: number, asn: number, routerId = `192.0.2.${n}`): Peer {
  return rib.addPeer({ address: { afi: 1, addr: ip4(`203.0.113.${n}`) }, asn, routerId: ip4(routerId) });
}

function best(rib: Rib) {
  const d = rib.lookup(P)!;
  return { peer: d.best?.peer.name, reason: d.reason };
}

function duel(a: PathAttributes, b: PathAttributes, asA = 65001, asB = 65002) {
  const rib = makeRib();
  const pa = peer(rib, 1, asA);
  const pb = peer(rib, 2, asB);
  rib.announce(pa, P, a);
  rib.announce(pb, P, b);
  const first = best(rib);
  // The same result whichever route arrives first.
  const rib2 = makeRib();
  const pa2 = peer(rib2, 1, asA);
  const pb2 = peer(rib2, 2, asB);
  rib2.announce(pb2, P, b);
  rib2.announce(pa2, P, a);
  expect(best(rib2)).toEqual(first);
  return first;
}

describe("decision process, one test per step", () => {
  it("only-route: a single usable route wins alone", () => {
    const rib = makeRib();
    rib.announce(peer(rib, 1, 65001), P, attrs([65001], "192.0.2.1"));
    expect(best(rib)).toEqual({ peer: "peer1", reason: DecisionReason.ONLY_ROUTE });
  });

  it("next-hop-reachable: an unresolvable next hop loses, even with a better LOCAL_PREF", () => {
    const rib = makeRib({
      resolver: (nh) => ({ reachable: nh?.afi === 1 && nh.addr !== ip4("192.0.2.99"), cost: 0 }),
    });
    const a = peer(rib, 1, 65000);
    const b = peer(rib, 2, 65000);
    rib.announce(a, P, attrs([], "192.0.2.99", { localPref: 500 }));
    rib.announce(b, P, attrs([], "192.0.2.2", { localPref: 100 }));
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.NEXT_HOP });
    rib.withdraw(b, P);
    expect(rib.lookup(P)?.best).toBeNull();
  });

  it("local-pref: highest LOCAL_PREF wins over a shorter AS path", () => {
    const rib = makeRib();
    const a = peer(rib, 1, 65000);
    const b = peer(rib, 2, 65000);
    rib.announce(a, P, attrs([65010, 65011, 65012], "192.0.2.1", { localPref: 200 }));
    rib.announce(b, P, attrs([65010], "192.0.2.2", { localPref: 100 }));
    expect(best(rib)).toEqual({ peer: "peer1", reason: DecisionReason.LOCAL_PREF });
  });

  it("local-pref: absent LOCAL_PREF counts as the default 100", () => {
    const rib = makeRib({ decision: { defaultLocalPref: 100 } });
    const a = peer(rib, 1, 65000);
    const b = peer(rib, 2, 65000);
    rib.announce(a, P, attrs([65010], "192.0.2.1"));
    rib.announce(b, P, attrs([65010, 65011], "192.0.2.2", { localPref: 101 }));
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.LOCAL_PREF });
  });

  it("local-origin: a locally originated route beats a learned one with equal LOCAL_PREF", () => {
    const rib = makeRib();
    const a = peer(rib, 1, 65000);
    rib.announce(a, P, attrs([], "192.0.2.1", { localPref: 100 }));
    rib.originate(P, attrs([65099, 65098], "0.0.0.0", { localPref: 100 }));
    expect(best(rib)).toEqual({ peer: "local", reason: DecisionReason.LOCAL_ORIGIN });
  });

  it("as-path-length: the shorter AS_PATH wins", () => {
    expect(duel(attrs([65001, 65010, 65011], "192.0.2.1"), attrs([65002, 65011], "192.0.2.2"))).toEqual({
      peer: "peer2",
      reason: DecisionReason.AS_PATH,
    });
  });

  it("as-path-length: an AS_SET counts as one", () => {
    const withSet: PathAttributes = {
      ...attrs([65001], "192.0.2.1"),
      asPath: [
        { type: 2, asns: [65001] },
        { type: 1, asns: [65020, 65021, 65022] },
      ],
    };
    // Length 2 (sequence of 1 + one set) against a plain sequence of 3.
    expect(duel(withSet, attrs([65002, 65010, 65011], "192.0.2.2"))).toEqual({
      peer: "peer1",
      reason: DecisionReason.AS_PATH,
    });
  });

  it("as-path-length: confederation segments count zero", () => {
    const confed: PathAttributes = {
      ...attrs([], "192.0.2.1"),
      asPath: [
        { type: 3, asns: [64512, 64513, 64514] },
        { type: 2, asns: [65010] },
      ],
    };
    expect(duel(confed, attrs([65002, 65010], "192.0.2.2"))).toEqual({
      peer: "peer1",
      reason: DecisionReason.AS_PATH,
    });
  });

  it("origin: IGP beats EGP beats INCOMPLETE", () => {
    expect(
      duel(attrs([65001], "192.0.2.1", { origin: 1 }), attrs([65002], "192.0.2.2", { origin: 0 })),
    ).toEqual({ peer: "peer2", reason: DecisionReason.ORIGIN });
    expect(
      duel(attrs([65001], "192.0.2.1", { origin: 1 }), attrs([65002], "192.0.2.2", { origin: 2 })),
    ).toEqual({ peer: "peer1", reason: DecisionReason.ORIGIN });
  });

  it("med: lower MED wins between routes from the same neighbouring AS", () => {
    expect(
      duel(
        attrs([65001, 65010], "192.0.2.1", { med: 20 }),
        attrs([65001, 65011], "192.0.2.2", { med: 10 }),
        65001,
        65001,
      ),
    ).toEqual({ peer: "peer2", reason: DecisionReason.MED });
  });

  it("med: not compared across neighbouring ASes unless always-compare-med", () => {
    const a = attrs([65001], "192.0.2.1", { med: 5 });
    const b = attrs([65002], "192.0.2.2", { med: 50 });
    // Different neighbours: MED skipped; the router ID step decides (peer2 has the higher ID here).
    const rib = makeRib();
    const pa = peer(rib, 1, 65001, "192.0.2.200");
    const pb = peer(rib, 2, 65002, "192.0.2.100");
    rib.announce(pa, P, a);
    rib.announce(pb, P, b);
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.ROUTER_ID });
    const rib2 = makeRib({ decision: { alwaysCompareMed: true } });
    const qa = peer(rib2, 1, 65001, "192.0.2.200");
    const qb = peer(rib2, 2, 65002, "192.0.2.100");
    rib2.announce(qa, P, a);
    rib2.announce(qb, P, b);
    expect(best(rib2)).toEqual({ peer: "peer1", reason: DecisionReason.MED });
  });

  it("med: missing MED is 0 by default and the worst with medMissingAsWorst", () => {
    const a = attrs([65001, 65010], "192.0.2.1");
    const b = attrs([65001, 65011], "192.0.2.2", { med: 10 });
    expect(duel(a, b, 65001, 65001)).toEqual({ peer: "peer1", reason: DecisionReason.MED });
    const rib = makeRib({ decision: { medMissingAsWorst: true } });
    const pa = peer(rib, 1, 65001);
    const pb = peer(rib, 2, 65001);
    rib.announce(pa, P, a);
    rib.announce(pb, P, b);
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.MED });
  });

  it("med: deterministic MED makes the result independent of arrival order", () => {
    // A(AS1, med 10, rid .3) B(AS2, med 0, rid .2) C(AS1, med 5, rid .4): pairwise order matters.
    const routes = [
      { n: 1, as: 65001, med: 10, rid: "192.0.2.3" },
      { n: 2, as: 65002, med: 0, rid: "192.0.2.2" },
      { n: 3, as: 65001, med: 5, rid: "192.0.2.4" },
    ];
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 0, 2],
      [1, 2, 0],
    ];
    const winners = new Set<string | undefined>();
    for (const ord of orders) {
      const rib = makeRib({ decision: { deterministicMed: true } });
      const ps = routes.map((r) => peer(rib, r.n, r.as, r.rid));
      for (const i of ord) {
        const r = routes[i]!;
        rib.announce(ps[i]!, P, attrs([r.as], `192.0.2.${r.n}`, { med: r.med }));
      }
      winners.add(best(rib).peer);
    }
    // Group AS65001 → C (med 5); then C vs B: router ID .2 < .4 → B.
    expect([...winners]).toEqual(["peer2"]);
  });

  it("ebgp-over-ibgp: an eBGP-learned route beats an iBGP-learned one", () => {
    const rib = makeRib();
    const i = peer(rib, 1, 65000, "192.0.2.1");
    const e = peer(rib, 2, 65002, "192.0.2.250");
    rib.announce(i, P, attrs([65002], "192.0.2.1", { localPref: 100 }));
    rib.announce(e, P, attrs([65002], "192.0.2.2"));
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.EBGP });
  });

  it("igp-cost: the lower IGP cost to the next hop wins", () => {
    const rib = makeRib({
      resolver: (nh) => ({ reachable: true, cost: nh?.afi === 1 && nh.addr === ip4("192.0.2.1") ? 20 : 10 }),
    });
    const a = peer(rib, 1, 65000, "192.0.2.1");
    const b = peer(rib, 2, 65000, "192.0.2.9");
    rib.announce(a, P, attrs([65010], "192.0.2.1"));
    rib.announce(b, P, attrs([65010], "192.0.2.2"));
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.IGP_COST });
    expect(rib.lookup(P)!.best!.igpCost).toBe(10);
  });

  it("router-id: lowest BGP identifier wins, ORIGINATOR_ID standing in for it", () => {
    expect(duel(attrs([65001], "192.0.2.1"), attrs([65001], "192.0.2.2"), 65001, 65001)).toEqual({
      peer: "peer1",
      reason: DecisionReason.ROUTER_ID,
    });
    const rib = makeRib();
    const a = peer(rib, 1, 65000, "192.0.2.1");
    const b = peer(rib, 2, 65000, "192.0.2.2");
    rib.announce(a, P, attrs([], "192.0.2.1", { originatorId: ip4("192.0.2.77") }));
    rib.announce(b, P, attrs([], "192.0.2.2", { originatorId: ip4("192.0.2.7") }));
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.ROUTER_ID });
  });

  it("cluster-list-length: with equal ORIGINATOR_ID the shorter CLUSTER_LIST wins", () => {
    const rib = makeRib();
    const a = peer(rib, 1, 65000, "192.0.2.1");
    const b = peer(rib, 2, 65000, "192.0.2.2");
    const o = ip4("192.0.2.50");
    rib.announce(
      a,
      P,
      attrs([], "192.0.2.50", { originatorId: o, clusterList: [ip4("10.9.9.1"), ip4("10.9.9.2")] }),
    );
    rib.announce(b, P, attrs([], "192.0.2.50", { originatorId: o, clusterList: [ip4("10.9.9.3")] }));
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.CLUSTER_LIST });
  });

  it("peer-address: everything equal, the lowest peer address wins", () => {
    const rib = makeRib();
    const a = peer(rib, 7, 65000, "192.0.2.1");
    const b = peer(rib, 3, 65000, "192.0.2.1");
    rib.announce(a, P, attrs([], "192.0.2.50"));
    rib.announce(b, P, attrs([], "192.0.2.50"));
    expect(best(rib)).toEqual({ peer: "peer2", reason: DecisionReason.PEER_ADDRESS });
  });

  it("path-id: two ADD-PATH paths from one peer that tie everywhere: lowest path ID", () => {
    const rib = makeRib();
    const a = peer(rib, 1, 65001);
    rib.announce(a, P, attrs([65001], "192.0.2.1"), 9);
    rib.announce(a, P, attrs([65001], "192.0.2.1"), 4);
    const d = rib.lookup(P)!;
    expect(d.routes).toHaveLength(2);
    expect(d.best!.pathId).toBe(4);
    expect(d.reason).toBe(DecisionReason.PATH_ID);
  });
});
