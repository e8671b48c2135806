import { compareRoutes, type Peer, type Rib } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attrs, makeRib, v4 } from "../helpers.js";

const P = v4("198.18.3.0/24");

const arbRoute = fc.record({
  ibgp: fc.boolean(),
  neighbor: fc.constantFrom(65001, 65002, 65003),
  localPref: fc.constantFrom(100, 200),
  pathLen: fc.integer({ min: 1, max: 3 }),
  origin: fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>,
  med: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
});
type R = typeof arbRoute extends fc.Arbitrary<infer T> ? T : never;

function load(rib: Rib, routes: readonly R[], order: readonly number[]): void {
  const peers: Peer[] = routes.map((r, i) =>
    rib.addPeer({
      address: { afi: 1, addr: 0xc6120000 + i + 1 },
      asn: r.ibgp ? 65000 : r.neighbor,
      routerId: 1000 - i,
    }),
  );
  for (const i of order) {
    const r = routes[i]!;
    const path = [r.neighbor, ...Array.from({ length: r.pathLen - 1 }, (_, k) => 64600 + k)];
    rib.announce(
      peers[i]!,
      P,
      attrs(path, `198.18.0.${i + 1}`, {
        localPref: r.localPref,
        origin: r.origin,
        ...(r.med !== undefined ? { med: r.med } : {}),
      }),
    );
  }
}

const arbCase = fc.array(arbRoute, { minLength: 2, maxLength: 7 }).chain((routes) =>
  fc.tuple(
    fc.constant(routes),
    fc.shuffledSubarray(
      routes.map((_, i) => i),
      { minLength: routes.length, maxLength: routes.length },
    ),
  ),
);

describe("decision process properties", () => {
  it("deterministic MED: the best path and reason do not depend on arrival order", () => {
    fc.assert(
      fc.property(arbCase, ([routes, order]) => {
        const a = makeRib({ decision: { deterministicMed: true } });
        load(
          a,
          routes,
          routes.map((_, i) => i),
        );
        const b = makeRib({ decision: { deterministicMed: true } });
        load(b, routes, order);
        const da = a.lookup(P)!;
        const db = b.lookup(P)!;
        expect(db.best!.peer.address).toEqual(da.best!.peer.address);
        expect(db.reason).toBe(da.reason);
      }),
      { seed: 4271, numRuns: 300 },
    );
  });

  it("always-compare-MED makes the order total: the best beats every other route", () => {
    fc.assert(
      fc.property(arbCase, ([routes, order]) => {
        const rib = makeRib({ decision: { alwaysCompareMed: true } });
        load(rib, routes, order);
        const d = rib.lookup(P)!;
        for (const r of d.routes)
          if (r !== d.best) expect(compareRoutes(d.best!, r, rib.decision).order).toBeLessThan(0);
      }),
      { seed: 4456, numRuns: 300 },
    );
  });
});
