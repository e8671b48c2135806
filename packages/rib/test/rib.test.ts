import type { UpdateMessage } from "@tsbgp/bgp-wire";
import type { RouteChange } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, ip4, makeRib, v4, v6 } from "./helpers.js";

const P1 = v4("198.18.1.0/24");
const P2 = v4("198.18.2.0/24");

function update(u: Partial<UpdateMessage>): UpdateMessage {
  return { type: "UPDATE", withdrawn: [], attributes: {}, nlri: [], ...u };
}

describe("Rib: Adj-RIB-In and Loc-RIB", () => {
  it("applies an UPDATE, interns its attributes once and frees them on withdraw", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: ip4("203.0.113.1") }, asn: 65001, routerId: 1 });
    const out = rib.applyUpdate(
      p,
      update({ attributes: attrs([65001], "203.0.113.1"), nlri: [{ prefix: P1 }, { prefix: P2 }] }),
    );
    expect(out).toMatchObject({ announced: 2, withdrawn: 0, endOfRib: null });
    const d1 = rib.lookup(P1)!;
    const d2 = rib.lookup(P2)!;
    expect(d1.best!.attrs).toBe(d2.best!.attrs);
    expect(rib.store.size).toBe(1);
    rib.applyUpdate(p, update({ withdrawn: [{ prefix: P1 }, { prefix: P2 }] }));
    rib.flush();
    expect(rib.lookup(P1)).toBeUndefined();
    expect(rib.store.size).toBe(0);
    expect(rib.prefixCount).toBe(0);
  });

  it("keeps pre-policy attributes and re-evaluates on a policy change without the peer", () => {
    const rib = makeRib();
    const p = rib.addPeer({
      address: { afi: 1, addr: ip4("203.0.113.1") },
      asn: 65001,
      routerId: 1,
      importPolicy: (r) => (r.prefix.addr === P2.addr ? null : { ...r.attrs, localPref: 300 }),
    });
    rib.announce(p, P1, attrs([65001], "203.0.113.1"));
    rib.announce(p, P2, attrs([65001], "203.0.113.1"));
    expect([...rib.adjRibIn(p, "pre")]).toHaveLength(2);
    const post = [...rib.adjRibIn(p, "post")];
    expect(post).toHaveLength(1);
    expect(post[0]!.attrs.localPref).toBe(300);
    expect(rib.lookup(P2)!.best).toBeNull();
    expect(rib.counters.rejected.policy).toBe(1);
    const changed = rib.setImportPolicy(p, (r) => r.attrs);
    expect(changed).toBe(2);
    expect(rib.lookup(P2)!.best).not.toBeNull();
    expect(rib.lookup(P1)!.best!.attrs!.attrs.localPref).toBeUndefined();
  });

  it("ignores LOCAL_PREF received from eBGP peers (RFC 4271 §5.1.5)", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.announce(p, P1, attrs([65001], "203.0.113.1", { localPref: 999 }));
    expect([...rib.adjRibIn(p, "pre")][0]!.attrs.localPref).toBe(999);
    expect([...rib.adjRibIn(p, "post")][0]!.attrs.localPref).toBeUndefined();
  });

  it("IPv6 through MP_REACH_NLRI and MP_UNREACH_NLRI", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const nh = v6("2001:db8::1/128").addr;
    const P6 = v6("2001:db8:5::/48");
    rib.applyUpdate(
      p,
      update({
        attributes: {
          origin: 0,
          asPath: [{ type: 2, asns: [65001] }],
          mpReach: {
            afi: 2,
            safi: 1,
            nextHop: { afi: 2, addr: nh },
            nextHopBytes: nh,
            nlri: [{ prefix: P6 }],
            nlriBytes: new Uint8Array(0),
          },
        },
      }),
    );
    const d = rib.lookup(P6)!;
    expect(d.best!.attrs!.nextHop).toEqual({ afi: 2, addr: nh });
    const covering = rib.longestMatch({ afi: 2, addr: v6("2001:db8:5:1::/128").addr })!;
    expect(covering.prefix).toEqual(d.prefix);
    expect(covering.best).toBe(d.best);
    rib.applyUpdate(
      p,
      update({
        attributes: {
          mpUnreach: { afi: 2, safi: 1, withdrawn: [{ prefix: P6 }], withdrawnBytes: new Uint8Array(3) },
        },
      }),
    );
    expect(rib.lookup(P6)).toBeUndefined();
  });

  it("treat-as-withdraw withdraws every NLRI of the UPDATE and counts them", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.announce(p, P1, attrs([65001], "203.0.113.1"));
    const out = rib.applyUpdate(
      p,
      update({
        attributes: attrs([65001], "203.0.113.9"),
        nlri: [{ prefix: P1 }, { prefix: P2 }],
        action: "treat-as-withdraw",
      }),
    );
    expect(out).toMatchObject({ announced: 0, withdrawn: 1, treatedAsWithdraw: 2 });
    expect(rib.lookup(P1)).toBeUndefined();
    expect(rib.counters.treatedAsWithdraw).toBe(2);
  });

  it("loop detection: own AS, ORIGINATOR_ID and CLUSTER_LIST (RFC 4271 §9.1.2, RFC 4456 §8)", () => {
    const rib = makeRib({ clusterId: ip4("10.255.0.1") });
    const e = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const e2 = rib.addPeer({ address: { afi: 1, addr: 3 }, asn: 65003, routerId: 3, allowOwnAs: 1 });
    const i = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65000, routerId: 2 });
    rib.announce(e, P1, attrs([65001, 65000, 65002], "192.0.2.1"));
    expect(rib.lookup(P1)!.best).toBeNull();
    rib.announce(e2, P1, attrs([65003, 65000, 65002], "192.0.2.3"));
    expect(rib.lookup(P1)!.best!.peer).toBe(e2);
    rib.announce(i, P2, attrs([], "192.0.2.2", { originatorId: ip4("10.0.0.1") }));
    expect(rib.lookup(P2)!.best).toBeNull();
    rib.announce(i, P2, attrs([], "192.0.2.2", { clusterList: [ip4("10.9.0.1"), ip4("10.255.0.1")] }));
    expect(rib.lookup(P2)!.best).toBeNull();
    expect(rib.counters.rejected).toMatchObject({
      "as-loop": 1,
      "originator-id-loop": 1,
      "cluster-list-loop": 1,
    });
  });

  it("a looked-up destination is a view: it follows later changes; best() reads the same", () => {
    const rib = makeRib();
    const [a, b] = [1, 2].map((n) =>
      rib.addPeer({ address: { afi: 1, addr: ip4(`203.0.113.${n}`) }, asn: 65000 + n, routerId: n }),
    );
    rib.announce(a!, P1, attrs([65001, 65100, 65100], "203.0.113.1"));
    const d = rib.lookup(P1)!;
    expect(d.prefix).toEqual(P1);
    expect([d.routeCount, d.best!.peer, d.reason]).toEqual([1, a, "only-route"]);
    rib.announce(b!, P1, attrs([65002, 65100], "203.0.113.2"));
    // The view made before the second route arrived shows it, and the new best.
    expect([d.routeCount, d.best!.peer, d.reason]).toEqual([2, b, "as-path-length"]);
    expect(d.routes.map((r) => r.peer)).toEqual([a, b]);
    expect(rib.best(P1)).toBe(d.best);
    expect(rib.lookup(P1)!.best).toBe(d.best);
    expect(rib.best(P2)).toBeNull();
    rib.withdraw(b!, P1);
    expect([d.routeCount, d.best!.peer]).toEqual([1, a]);
  });

  it("multipath: routes equal up to the IGP-cost step form the ECMP set", () => {
    const rib = makeRib({ decision: { multipath: { ebgp: 4 } } });
    const ps = [1, 2, 3].map((n) =>
      rib.addPeer({ address: { afi: 1, addr: ip4(`203.0.113.${n}`) }, asn: 65000 + n, routerId: n }),
    );
    rib.announce(ps[0]!, P1, attrs([65001, 65100], "203.0.113.1"));
    rib.announce(ps[1]!, P1, attrs([65002, 65100], "203.0.113.2"));
    rib.announce(ps[2]!, P1, attrs([65003, 65100, 65100], "203.0.113.3"));
    const [c] = rib.flush();
    expect(c!.ecmp.map((s) => s.peer.name)).toEqual(["peer1", "peer2"]);
    expect(c!.nextHops).toEqual([
      { afi: 1, addr: ip4("203.0.113.1") },
      { afi: 1, addr: ip4("203.0.113.2") },
    ]);
  });
});

describe("Rib: graceful restart", () => {
  it("marks stale, refreshes re-announced routes, sweeps the rest at End-of-RIB", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const a = attrs([65001], "192.0.2.1");
    rib.announce(p, P1, a);
    rib.announce(p, P2, a);
    rib.flush();
    expect(rib.markStale(p, 1)).toBe(2);
    expect(rib.lookup(P1)!.best!.stale).toBe(true);
    // Session back: P1 re-announced unchanged, P2 never again.
    rib.applyUpdate(p, update({ attributes: a, nlri: [{ prefix: P1 }] }));
    expect(rib.lookup(P1)!.best!.stale).toBe(false);
    expect(rib.flush()).toEqual([]);
    const eor = rib.applyUpdate(p, update({}));
    expect(eor.endOfRib).toBe(1);
    expect(rib.lookup(P2)).toBeUndefined();
    expect(rib.lookup(P1)).toBeDefined();
    expect(rib.counters.staleSwept).toBe(1);
    expect(rib.flush().map((c) => [c.op, c.prefix.addr])).toEqual([["withdraw", P2.addr]]);
  });

  it("sweepStale without End-of-RIB (restart timer expired) removes all stale routes", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.announce(p, P1, attrs([65001], "192.0.2.1"));
    rib.markStale(p);
    rib.announce(p, P1, attrs([65001, 65001], "192.0.2.1"));
    rib.announce(p, P2, attrs([65001], "192.0.2.1"));
    expect(rib.sweepStale(p)).toBe(0);
    rib.markStale(p);
    expect(rib.sweepStale(p)).toBe(2);
    expect(rib.lookup(P1)).toBeUndefined();
  });
});

describe("Rib: End-of-RIB per family", () => {
  it("an empty MP_UNREACH_NLRI for IPv6 ends the IPv6 restart only", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const nh = v6("2001:db8::1/128").addr;
    const P6 = v6("2001:db8:7::/48");
    rib.announce(p, P1, attrs([65001], "192.0.2.1"));
    rib.announce(p, P6, {
      origin: 0,
      asPath: [{ type: 2, asns: [65001] }],
      mpReach: {
        afi: 2,
        safi: 1,
        nextHop: { afi: 2, addr: nh },
        nextHopBytes: nh,
        nlri: [],
        nlriBytes: new Uint8Array(0),
      },
    });
    expect(rib.markStale(p)).toBe(2);
    const out = rib.applyUpdate(
      p,
      update({
        attributes: { mpUnreach: { afi: 2, safi: 1, withdrawn: [], withdrawnBytes: new Uint8Array(0) } },
      }),
    );
    expect(out.endOfRib).toBe(2);
    expect(rib.lookup(P6)).toBeUndefined();
    expect(rib.lookup(P1)!.best!.stale).toBe(true);
  });

  it("an UPDATE with attributes but no NLRI is not an End-of-RIB", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    expect(rib.applyUpdate(p, update({ attributes: attrs([65001], "192.0.2.1") })).endOfRib).toBeNull();
  });
});

describe("Rib: change stream", () => {
  it("coalesces a burst into one ordered batch and cancels announce+withdraw", async () => {
    const rib = makeRib({ schedule: undefined as never });
    const batches: (readonly RouteChange[])[] = [];
    rib.onChange((b) => batches.push(b));
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    for (let i = 0; i < 1000; i++)
      rib.announce(p, { afi: 1, addr: ip4("198.18.0.0") + i * 256, len: 24 }, attrs([65001], "192.0.2.1"));
    rib.announce(p, P1, attrs([65001, 65009], "192.0.2.1")); // 198.18.1.0 is #1: a replace inside the burst
    rib.announce(p, v4("198.19.255.128/25"), attrs([65001], "192.0.2.1"));
    rib.withdraw(p, v4("198.19.255.128/25"));
    await Promise.resolve();
    expect(batches).toHaveLength(1);
    const b = batches[0]!;
    expect(b).toHaveLength(1000);
    expect(b.every((c) => c.op === "add")).toBe(true);
    expect(b[1]!.best!.attrs.asPath![0]!.asns).toEqual([65001, 65009]);
    expect(b.map((c) => c.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it("with nobody listening the scheduled flush settles state without building changes", async () => {
    const rib = makeRib({ schedule: undefined as never });
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.announce(p, P1, attrs([65001], "192.0.2.1"));
    rib.announce(p, P2, attrs([65001], "192.0.2.1"));
    await Promise.resolve();
    expect(rib.flush()).toEqual([]);
    const seen: RouteChange[] = [];
    rib.onChange((b) => seen.push(...b));
    rib.withdraw(p, P1);
    await Promise.resolve();
    expect(seen.map((c) => [c.op, c.seq])).toEqual([["withdraw", 3]]);
    expect(rib.prefixCount).toBe(1);
  });

  it("with nobody subscribed keeps no log at all, and releases a withdrawn prefix at once", () => {
    const rib = makeRib({ schedule: () => {} }); // a scheduler that never runs the flush
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.announce(p, P1, attrs([65001], "192.0.2.1"));
    rib.announce(p, P2, attrs([65001], "192.0.2.1"));
    rib.withdraw(p, P2);
    expect(rib.prefixCount).toBe(1);
    expect(rib.flush()).toEqual([]);
    // A subscriber hears what happens from then on, numbered after the unheard changes.
    const seen: RouteChange[] = [];
    rib.onChange((b) => seen.push(...b));
    rib.withdraw(p, P1);
    expect(rib.flush().map((c) => [c.op, c.seq])).toEqual([["withdraw", 4]]);
    expect(seen).toHaveLength(1);
    expect(rib.prefixCount).toBe(0);
  });

  it("add, replace, withdraw in successive batches", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const q = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65002, routerId: 2 });
    rib.announce(p, P1, attrs([65001, 65010], "192.0.2.1"));
    expect(rib.flush().map((c) => c.op)).toEqual(["add"]);
    rib.announce(q, P1, attrs([65002], "192.0.2.2"));
    const [r] = rib.flush();
    expect(r!.op).toBe("replace");
    expect(r!.best!.peer).toBe(q);
    expect(r!.nextHops).toEqual([{ afi: 1, addr: ip4("192.0.2.2") }]);
    // A worse route arriving changes nothing.
    rib.announce(p, P1, attrs([65001, 65010, 65011], "192.0.2.1"));
    expect(rib.flush()).toEqual([]);
    rib.peerDown(q);
    rib.peerDown(p);
    const [w] = rib.flush();
    expect(w).toMatchObject({ op: "withdraw", ecmp: [], nextHops: [] });
    expect(w!.best).toBeUndefined();
  });
});
