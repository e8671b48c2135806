import type { PathAttributes, UpdateMessage } from "@tsbgp/bgp-wire";
import { WellKnownCommunity } from "@tsbgp/bgp-wire";
import { AdjRibOut, loadPolicy, type Peer, type Rib } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, comm, ip4, makeRib, v4 } from "../helpers.js";

const P = v4("198.18.7.0/24");
const CLUSTER = ip4("10.0.0.1");
const SELF = ip4("10.0.0.1");

interface Lab {
  rib: Rib;
  peers: Record<"C1" | "C2" | "N1" | "N2" | "E1" | "E2", Peer>;
  groups: { clients: AdjRibOut; nonClients: AdjRibOut; ebgp: AdjRibOut };
}

function lab(opts: { nextHopSelf?: boolean } = {}): Lab {
  const rib = makeRib();
  const mk = (name: string, n: number, asn: number, rrClient = false) =>
    rib.addPeer({
      name,
      address: { afi: 1, addr: ip4(`198.18.0.${n}`) },
      asn,
      routerId: ip4(`192.0.2.${n}`),
      rrClient,
    });
  const peers = {
    C1: mk("C1", 11, 65000, true),
    C2: mk("C2", 12, 65000, true),
    N1: mk("N1", 21, 65000),
    N2: mk("N2", 22, 65000),
    E1: mk("E1", 31, 65001),
    E2: mk("E2", 32, 65002),
  };
  const localAddress = { v4: SELF };
  const groups = {
    clients: new AdjRibOut(rib, {
      name: "clients",
      kind: "ibgp",
      rrClient: true,
      localAddress,
      nextHopSelf: opts.nextHopSelf ?? false,
    }),
    nonClients: new AdjRibOut(rib, {
      name: "non-clients",
      kind: "ibgp",
      localAddress,
      nextHopSelf: opts.nextHopSelf ?? false,
    }),
    ebgp: new AdjRibOut(rib, { name: "ebgp", kind: "ebgp", localAddress }),
  };
  groups.clients.addMember(peers.C1);
  groups.clients.addMember(peers.C2);
  groups.nonClients.addMember(peers.N1);
  groups.nonClients.addMember(peers.N2);
  groups.ebgp.addMember(peers.E1);
  groups.ebgp.addMember(peers.E2);
  return { rib, peers, groups };
}

/** What each destination peer received: the attributes for P, or null. */
function received(l: Lab): Record<string, PathAttributes | null> {
  l.rib.flush();
  const out: Record<string, PathAttributes | null> = {};
  for (const g of Object.values(l.groups)) {
    const batch = g.flush();
    for (const m of g.members) out[m.name] = attrsFor(batch.for(m));
  }
  return out;
}

function attrsFor(msgs: readonly UpdateMessage[]): PathAttributes | null {
  for (const m of msgs) if (m.nlri.some((n) => n.prefix.addr === P.addr)) return m.attributes;
  return null;
}

const routeFrom: Record<string, { src: "C1" | "N1" | "E1" | "local"; a: PathAttributes }> = {
  client: { src: "C1", a: attrs([65100], "198.18.0.11", { localPref: 150, med: 7 }) },
  "non-client": { src: "N1", a: attrs([65100], "198.18.0.21", { localPref: 150, med: 7 }) },
  ebgp: { src: "E1", a: attrs([65001, 65100], "198.18.0.31", { med: 7 }) },
  local: { src: "local", a: attrs([], "0.0.0.0", { med: 7 }) },
};

// Who receives the route, per RFC 4456 §6 and RFC 4271 §9.2.1 (the source itself never does).
const expected: Record<string, string[]> = {
  client: ["C2", "N1", "N2", "E1", "E2"],
  "non-client": ["C1", "C2", "E1", "E2"],
  ebgp: ["C1", "C2", "N1", "N2", "E2"],
  local: ["C1", "C2", "N1", "N2", "E1", "E2"],
};

describe("route reflection and export matrix (source × destination)", () => {
  for (const [kind, { src, a }] of Object.entries(routeFrom)) {
    it(`a route from ${kind}`, () => {
      const l = lab();
      if (src === "local") l.rib.originate(P, a);
      else l.rib.announce(l.peers[src], P, a);
      const got = received(l);
      const receivers = Object.entries(got)
        .filter(([, v]) => v !== null)
        .map(([k]) => k)
        .sort();
      expect(receivers).toEqual([...expected[kind]!].sort());
      for (const [dst, at] of Object.entries(got)) {
        if (at === null) continue;
        const toEbgp = dst.startsWith("E");
        const reflected = !toEbgp && (src === "C1" || src === "N1");
        if (toEbgp) {
          // RFC 4271 §5.1.2/§5.1.3/§5.1.5/§5.1.4; RFC 4456 attributes stay inside the AS.
          expect(at.asPath![0]!.asns[0]).toBe(65000);
          expect(at.nextHop).toEqual({ afi: 1, addr: SELF });
          expect(at.localPref).toBeUndefined();
          expect(at.originatorId).toBeUndefined();
          expect(at.clusterList).toBeUndefined();
          expect(at.med).toBe(src === "local" ? 7 : undefined);
        } else {
          expect(at.localPref).toBe(src === "C1" || src === "N1" ? 150 : 100);
          expect(at.med).toBe(7);
          expect(at.asPath).toEqual(a.asPath);
          if (reflected) {
            // RFC 4456 §8: ORIGINATOR_ID = the source's router ID, our cluster ID prepended.
            expect(at.originatorId).toBe(l.peers[src as "C1" | "N1"].routerId);
            expect(at.clusterList).toEqual([CLUSTER]);
            expect(at.nextHop).toEqual(a.nextHop);
          } else {
            expect(at.originatorId).toBeUndefined();
            expect(at.clusterList).toBeUndefined();
            expect(at.nextHop).toEqual(src === "local" ? { afi: 1, addr: SELF } : a.nextHop);
          }
        }
      }
    });
  }

  it("builds each UPDATE once for all members that are not the source", () => {
    const l = lab();
    const more = [3, 4, 5, 6, 7, 8].map((n) =>
      l.rib.addPeer({
        name: `C${n}`,
        address: { afi: 1, addr: ip4(`198.18.0.${40 + n}`) },
        asn: 65000,
        routerId: n,
        rrClient: true,
      }),
    );
    for (const p of more) l.groups.clients.addMember(p);
    l.rib.announce(l.peers.C1, P, attrs([65100], "198.18.0.11"));
    l.rib.flush();
    const batch = l.groups.clients.flush();
    for (const p of [l.peers.C2, ...more]) expect(batch.for(p)).toBe(batch.shared);
    expect(batch.shared).toHaveLength(1);
    expect(batch.for(l.peers.C1)).toEqual([]);
  });

  it("split horizon: when the best moves to another client, the old source now gets the route", () => {
    const l = lab();
    l.rib.announce(l.peers.C1, P, attrs([65100, 65101], "198.18.0.11"));
    expect(received(l).C1).toBeNull();
    l.rib.announce(l.peers.C2, P, attrs([65100], "198.18.0.12"));
    l.rib.flush();
    const batch = l.groups.clients.flush();
    expect(attrsFor(batch.for(l.peers.C1))?.originatorId).toBe(l.peers.C2.routerId);
    // C2 had C1's path and now must withdraw it (its own path is not sent back).
    const toC2 = batch.for(l.peers.C2);
    expect(toC2.flatMap((m) => m.withdrawn.map((n) => n.prefix.addr))).toEqual([P.addr]);
  });

  it("keeps an existing ORIGINATOR_ID and prepends to an existing CLUSTER_LIST", () => {
    const l = lab();
    l.rib.announce(
      l.peers.C1,
      P,
      attrs([], "198.18.0.99", { originatorId: ip4("192.0.2.99"), clusterList: [ip4("10.9.9.9")] }),
    );
    const got = received(l);
    expect(got.N1!.originatorId).toBe(ip4("192.0.2.99"));
    expect(got.N1!.clusterList).toEqual([CLUSTER, ip4("10.9.9.9")]);
  });

  it("next-hop-self on iBGP applies to eBGP-learned routes, not to reflected ones", () => {
    const l = lab({ nextHopSelf: true });
    l.rib.announce(l.peers.E1, P, attrs([65001], "198.18.0.31"));
    expect(received(l).N1!.nextHop).toEqual({ afi: 1, addr: SELF });
    const l2 = lab({ nextHopSelf: true });
    l2.rib.announce(l2.peers.C1, P, attrs([], "198.18.0.11"));
    expect(received(l2).N1!.nextHop).toEqual({ afi: 1, addr: ip4("198.18.0.11") });
  });

  it("NO_ADVERTISE goes nowhere; NO_EXPORT and NO_EXPORT_SUBCONFED stay inside the AS", () => {
    for (const [c, who] of [
      [WellKnownCommunity.NO_ADVERTISE, []],
      [WellKnownCommunity.NO_EXPORT, ["C1", "C2", "N1", "N2"]],
      [WellKnownCommunity.NO_EXPORT_SUBCONFED, ["C1", "C2", "N1", "N2"]],
    ] as const) {
      const l = lab();
      l.rib.announce(l.peers.E1, P, attrs([65001], "198.18.0.31", { communities: [c] }));
      const got = received(l);
      expect(
        Object.keys(got)
          .filter((k) => got[k] !== null)
          .sort(),
      ).toEqual([...who]);
    }
  });

  it("a redundant reflector pair in one cluster drops each other's reflections; different clusters accept", () => {
    const l = lab();
    l.rib.announce(l.peers.C1, P, attrs([], "198.18.0.11"));
    const reflected = received(l).N1!;
    // RR2 shares our cluster ID: the CLUSTER_LIST check drops the route (RFC 4456 §8).
    const rr2 = makeRib({ routerId: ip4("10.0.0.2"), clusterId: CLUSTER });
    const fromRr1 = rr2.addPeer({ address: { afi: 1, addr: ip4("198.18.0.1") }, asn: 65000, routerId: SELF });
    rr2.announce(fromRr1, P, reflected);
    expect(rr2.lookup(P)!.best).toBeNull();
    expect(rr2.counters.rejected["cluster-list-loop"]).toBe(1);
    // RR3 in another cluster accepts it and reflects it again with a longer CLUSTER_LIST.
    const rr3 = makeRib({ routerId: ip4("10.0.0.3") });
    const c9 = rr3.addPeer({ address: { afi: 1, addr: 9 }, asn: 65000, routerId: 9, rrClient: true });
    const out = new AdjRibOut(rr3, { name: "c", kind: "ibgp", rrClient: true });
    out.addMember(c9);
    const in3 = rr3.addPeer({ address: { afi: 1, addr: ip4("198.18.0.1") }, asn: 65000, routerId: SELF });
    rr3.announce(in3, P, reflected);
    rr3.flush();
    const at = attrsFor(out.flush().for(c9))!;
    expect(at.clusterList).toEqual([ip4("10.0.0.3"), CLUSTER]);
    expect(at.originatorId).toBe(l.peers.C1.routerId);
  });

  it("ADD-PATH send all: every path with its own path ID, withdrawn one by one", () => {
    const rib = makeRib();
    const a = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const b = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65002, routerId: 2 });
    const c = rib.addPeer({ address: { afi: 1, addr: 3 }, asn: 65000, routerId: 3, rrClient: true });
    const g = new AdjRibOut(rib, { name: "ap", kind: "ibgp", rrClient: true, addPath: "all" });
    g.addMember(c);
    rib.announce(a, P, attrs([65001], "192.0.2.1"));
    rib.announce(b, P, attrs([65002, 65003], "192.0.2.2"));
    rib.flush();
    const first = g.flush().for(c);
    const ids = first.flatMap((m) => m.nlri.map((n) => n.pathId)).sort();
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    rib.withdraw(b, P);
    rib.flush();
    const second = g.flush().for(c);
    expect(second.flatMap((m) => m.withdrawn)).toHaveLength(1);
    expect(second.flatMap((m) => m.nlri)).toHaveLength(0);
    const g1 = new AdjRibOut(rib, {
      name: "b1",
      kind: "ibgp",
      rrClient: true,
      addPath: "best-n",
      addPathCount: 1,
    });
    g1.addMember(c);
    expect(g1.dump(c).flatMap((m) => m.nlri)).toHaveLength(1);
  });

  it("an eBGP group needs a local address; paths with no next hop for their family are counted, not sent", () => {
    const rib = makeRib();
    expect(() => new AdjRibOut(rib, { name: "up", kind: "ebgp" })).toThrow(/rule "up", field localAddress/);
    const e1 = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const e2 = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65002, routerId: 2 });
    const g = new AdjRibOut(rib, { name: "v4only", kind: "ebgp", localAddress: { v4: SELF } });
    g.addMember(e2);
    const nh = new Uint8Array(16);
    nh[0] = 0x20;
    nh[1] = 0x01;
    rib.announce(
      e1,
      { afi: 2, addr: nh, len: 32 },
      {
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
      },
    );
    rib.flush();
    expect(g.flush().for(e2)).toEqual([]);
    expect(g.unexportable).toBe(1);
  });

  it("ADD-PATH send best-n: the best two of three paths, best first", () => {
    const rib = makeRib();
    const ps = [1, 2, 3].map((n) =>
      rib.addPeer({ address: { afi: 1, addr: n }, asn: 65000 + n, routerId: n }),
    );
    const c = rib.addPeer({ address: { afi: 1, addr: 9 }, asn: 65000, routerId: 9, rrClient: true });
    const g = new AdjRibOut(rib, {
      name: "b2",
      kind: "ibgp",
      rrClient: true,
      addPath: "best-n",
      addPathCount: 2,
    });
    g.addMember(c);
    rib.announce(ps[0]!, P, attrs([65001, 65010, 65011], "192.0.2.1"));
    rib.announce(ps[1]!, P, attrs([65002], "192.0.2.2"));
    rib.announce(ps[2]!, P, attrs([65003, 65010], "192.0.2.3"));
    rib.flush();
    g.flush();
    expect(g.paths(P).map((p) => p.source.asn)).toEqual([65002, 65003]);
    // The worst path improves to tie on length and wins on router ID: 65003's path is withdrawn.
    rib.announce(ps[0]!, P, attrs([65001], "192.0.2.1"));
    rib.flush();
    const b = g.flush().for(c);
    expect(g.paths(P).map((p) => p.source.asn)).toEqual([65001, 65002]);
    expect(b.flatMap((m) => m.withdrawn)).toHaveLength(1);
    expect(b.flatMap((m) => m.nlri)).toHaveLength(1);
  });

  it("third-party next hop: an eBGP group keeps a next hop on a shared subnet (RFC 4271 §5.1.3)", () => {
    const rib = makeRib();
    const e1 = rib.addPeer({ address: { afi: 1, addr: ip4("198.18.0.31") }, asn: 65001, routerId: 1 });
    const e2 = rib.addPeer({ address: { afi: 1, addr: ip4("198.18.0.32") }, asn: 65002, routerId: 2 });
    const g = new AdjRibOut(rib, {
      name: "x",
      kind: "ebgp",
      localAddress: { v4: SELF },
      sharedSubnets: [v4("198.18.0.0/24")],
    });
    g.addMember(e2);
    rib.announce(e1, P, attrs([65001], "198.18.0.31"));
    rib.announce(e1, v4("198.18.8.0/24"), attrs([65001], "198.18.9.1"));
    rib.flush();
    const msgs = g.flush().for(e2);
    const nh = (p: number) => msgs.find((m) => m.nlri.some((n) => n.prefix.addr === p))!.attributes.nextHop;
    expect(nh(P.addr)).toEqual({ afi: 1, addr: ip4("198.18.0.31") });
    expect(nh(v4("198.18.8.0/24").addr)).toEqual({ afi: 1, addr: SELF });
  });

  it("an export policy (loaded from YAML) runs after the protocol rules, once per group", () => {
    const rib = makeRib();
    const e1 = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const e2 = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65002, routerId: 2 });
    let calls = 0;
    const yaml = loadPolicy(`
rules:
  - name: hide
    match: { prefix: ["198.18.9.0/24"] }
    action: reject
  - name: shape
    set: { med: 77, prepend: { asn: 65000, count: 2 }, add-community: ["65000:9"] }
`);
    const g = new AdjRibOut(rib, {
      name: "up",
      kind: "ebgp",
      localAddress: { v4: SELF },
      exportPolicy: (r) => {
        calls++;
        return yaml(r);
      },
    });
    g.addMember(e2);
    rib.announce(e1, P, attrs([65001], "198.18.0.31"));
    rib.announce(e1, v4("198.18.9.0/24"), attrs([65001], "198.18.0.31"));
    rib.flush();
    const msgs = g.flush().for(e2);
    expect(msgs.flatMap((m) => m.nlri.map((n) => n.prefix.addr))).toEqual([P.addr]);
    const a = msgs[0]!.attributes;
    // Our AS from the eBGP rule, then the policy's two prepends.
    expect(a.asPath![0]!.asns).toEqual([65000, 65000, 65000, 65001]);
    expect(a.med).toBe(77);
    expect(a.communities).toEqual([comm(65000, 9)]);
    expect(calls).toBe(2);
  });
});
