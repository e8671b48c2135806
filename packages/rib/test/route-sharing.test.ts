import { createContext, decodeMessage, packUpdates, type UpdateMessage } from "@tsbgp/bgp-wire";
import { describe, expect, it } from "vitest";
import { attrs, makeRib, v4, v6 } from "./helpers.js";

// The prefixes of one UPDATE share one Route object (rib.ts `place`); nothing that can differ
// per prefix may leak through the shared object.

const ctx = createContext({ asn4: true });
const P = [v4("198.18.1.0/24"), v4("198.18.2.0/24"), v4("198.18.3.0/24")] as const;

/** One UPDATE as the framer delivers it (lazy, walked in place by the RIB's fast path). */
function wireUpdate(nlri: readonly (typeof P)[number][], path: number[]): UpdateMessage {
  const [bytes] = packUpdates(
    { attributes: attrs(path, "198.18.0.2"), announce: nlri.map((prefix) => ({ prefix })) },
    ctx,
  );
  return decodeMessage(bytes!, ctx) as UpdateMessage;
}

describe("Rib: routes shared between the prefixes of one UPDATE", () => {
  it("gives the prefixes of one UPDATE the same route object, marked shared", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.applyUpdate(p, wireUpdate(P, [65001, 65100]));
    const [a, b, c] = P.map((x) => rib.lookup(x)!.best!);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a!.shared).toBe(true);
    expect(rib.prefixCount).toBe(3);
  });

  it("does not share across attribute sets, peers or path IDs", () => {
    const rib = makeRib();
    const p1 = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const p2 = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65002, routerId: 2 });
    rib.announce(p1, P[0], attrs([65001], "198.18.0.2"));
    rib.announce(p1, P[1], attrs([65001, 65001], "198.18.0.2"));
    rib.announce(p2, P[2], attrs([65001], "198.18.0.2"));
    rib.announce(p1, P[2], attrs([65001], "198.18.0.2"), 7);
    const routes = [rib.lookup(P[0])!.best!, rib.lookup(P[1])!.best!, ...rib.lookup(P[2])!.routes];
    expect(new Set(routes).size).toBe(4);
    expect(routes.some((r) => r.shared)).toBe(false);
  });

  it("keeps a per-prefix import policy's result per prefix", () => {
    const rib = makeRib();
    const p = rib.addPeer({
      address: { afi: 1, addr: 1 },
      asn: 65001,
      routerId: 1,
      importPolicy: (r) => (r.prefix.addr === P[1].addr ? { ...r.attrs, localPref: 300 } : r.attrs),
    });
    rib.applyUpdate(p, wireUpdate(P, [65001]));
    const [a, b, c] = P.map((x) => rib.lookup(x)!.best!);
    expect(b).not.toBe(a);
    expect(b!.attrs!.attrs.localPref).toBe(300);
    expect(a!.attrs!.attrs.localPref).toBeUndefined();
    expect(c!.attrs!.attrs.localPref).toBeUndefined();
  });

  it("graceful restart: re-announcing one prefix of a shared route leaves the others stale", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.applyUpdate(p, wireUpdate(P, [65001]));
    rib.flush();
    expect(rib.markStale(p)).toBe(3);
    // The session is back: the same bytes again, but only for the middle prefix.
    rib.applyUpdate(p, wireUpdate([P[1]], [65001]));
    const [a, b, c] = P.map((x) => rib.lookup(x)!.best!);
    expect(b!.stale).toBe(false);
    expect(b!.shared).toBe(false);
    expect(rib.lookup(P[1])!.ecmp).toEqual([b]);
    expect(a!.stale).toBe(true);
    expect(c).toBe(a);
    // Nothing changed for a consumer: the same path, just no longer stale.
    expect(rib.flush()).toEqual([]);
    expect(rib.sweepStale(p, 1)).toBe(2);
    expect(rib.lookup(P[0])).toBeUndefined();
    expect(rib.lookup(P[2])).toBeUndefined();
    expect(rib.lookup(P[1])!.best).toBe(b);
    const gone = rib.flush().map((ch) => [ch.op, ch.prefix.addr]);
    expect(gone.sort()).toEqual([
      ["withdraw", P[0].addr],
      ["withdraw", P[2].addr],
    ]);
  });

  it("does not share between address families, so a per-family stale mark stays in its family", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const a = attrs([65001], "198.18.0.2");
    const P6 = v6("2001:db8:7::/48");
    rib.announce(p, P[0], a);
    rib.announce(p, P6, a);
    expect(rib.lookup(P6)!.best).not.toBe(rib.lookup(P[0])!.best);
    expect(rib.markStale(p, 2)).toBe(1);
    expect(rib.lookup(P[0])!.best!.stale).toBe(false);
    expect(rib.sweepStale(p, 2)).toBe(1);
    expect(rib.lookup(P[0])).toBeDefined();
  });

  it("releases every attribute set reference when the shared routes go", () => {
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.applyUpdate(p, wireUpdate(P, [65001]));
    const set = rib.lookup(P[1])!.best!.received;
    // Each destination holds its own references (received and accepted set), shared route or not.
    const perRoute = set.refs / 3;
    expect(perRoute).toBeGreaterThanOrEqual(1);
    rib.withdraw(p, P[0]);
    expect(rib.store.size).toBe(1);
    expect(set.refs).toBe(2 * perRoute);
    rib.peerDown(p);
    expect(rib.store.size).toBe(0);
  });
});
