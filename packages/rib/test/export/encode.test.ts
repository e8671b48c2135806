import { createContext, decodeMessage, type UpdateMessage } from "@tsbgp/bgp-wire";
import { AdjRibOut } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, ip4, makeRib, v4, v6 } from "../helpers.js";

describe("Adj-RIB-Out to wire bytes", () => {
  it("encodes each batch once for all members, and the bytes decode to the reflected routes", () => {
    const rib = makeRib();
    const mk = (n: number) =>
      rib.addPeer({
        name: `c${n}`,
        address: { afi: 1, addr: ip4(`198.18.0.${n}`) },
        asn: 65000,
        routerId: n,
        rrClient: true,
      });
    const [c1, c2, c3] = [mk(1), mk(2), mk(3)];
    const g = new AdjRibOut(rib, { name: "clients", kind: "ibgp", rrClient: true });
    for (const c of [c1, c2, c3]) g.addMember(c);
    const a = attrs([65100], "198.18.0.1", { localPref: 120 });
    for (let i = 0; i < 300; i++) rib.announce(c1, { afi: 1, addr: ip4("198.18.0.0") + i * 256, len: 24 }, a);
    const nh = v6("2001:db8::1/128").addr;
    rib.announce(c1, v6("2001:db8:1::/48"), {
      origin: 0,
      asPath: [{ type: 2, asns: [65100] }],
      localPref: 120,
      mpReach: {
        afi: 2,
        safi: 1,
        nextHop: { afi: 2, addr: nh },
        nextHopBytes: nh,
        nlri: [],
        nlriBytes: new Uint8Array(0),
      },
    });
    rib.flush();
    const batch = g.flush();
    const ctx = createContext({ asn4: true });
    const toC2 = batch.encodedFor(c2, ctx);
    expect(batch.encodedFor(c3, ctx)).toBe(toC2);
    // Another session's context object with the same options shares the encoding too.
    expect(batch.encodedFor(c3, createContext({ asn4: true }))).toBe(toC2);
    expect(batch.encodedFor(c3, createContext({ asn4: false }))).not.toBe(toC2);
    expect(batch.encodedFor(c1, ctx)).toEqual([]);
    const decoded = toC2.map((b) => decodeMessage(b, ctx) as UpdateMessage);
    const v4Nlri = decoded.flatMap((m) => m.nlri);
    expect(v4Nlri).toHaveLength(300);
    const first = decoded.find((m) => m.nlri.length > 0)!;
    expect(first.attributes.originatorId).toBe(1);
    expect(first.attributes.clusterList).toEqual([ip4("10.0.0.1")]);
    expect(first.attributes.localPref).toBe(120);
    const six = decoded.find((m) => m.attributes.mpReach !== undefined)!;
    expect(six.attributes.mpReach!.nlri.map((n) => n.prefix.len)).toEqual([48]);
    expect(six.attributes.mpReach!.nextHop).toEqual({ afi: 2, addr: nh });
    // A second RIB fed those bytes holds the same routes.
    const rx = makeRib({ asn: 65000, routerId: ip4("10.0.0.2") });
    const fromRr = rx.addPeer({
      address: { afi: 1, addr: ip4("10.0.0.1") },
      asn: 65000,
      routerId: ip4("10.0.0.1"),
    });
    for (const m of decoded) rx.applyUpdate(fromRr, m);
    expect(rx.prefixCount).toBe(301);
    expect(rx.lookup(v4("198.18.5.0/24"))!.best!.attrs!.attrs.originatorId).toBe(1);
  });

  it("withdrawals encode too, IPv4 and IPv6", () => {
    const rib = makeRib();
    const e = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const i = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65000, routerId: 2 });
    const g = new AdjRibOut(rib, { name: "i", kind: "ibgp" });
    g.addMember(i);
    const nh = v6("2001:db8::1/128").addr;
    rib.announce(e, v4("198.18.9.0/24"), attrs([65001], "198.18.0.1"));
    rib.announce(e, v6("2001:db8:9::/48"), {
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
    rib.flush();
    g.flush();
    rib.peerDown(e);
    rib.flush();
    const ctx = createContext({ asn4: true });
    const out = g
      .flush()
      .encodedFor(i, ctx)
      .map((b) => decodeMessage(b, ctx) as UpdateMessage);
    expect(out.flatMap((m) => m.withdrawn).map((n) => n.prefix.len)).toEqual([24]);
    expect(out.flatMap((m) => m.attributes.mpUnreach?.withdrawn ?? []).map((n) => n.prefix.len)).toEqual([
      48,
    ]);
  });
});
