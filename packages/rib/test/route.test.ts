import { Route } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attrs, makeRib, v4 } from "./helpers.js";

describe("Route", () => {
  const rib = makeRib();
  const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
  rib.announce(peer, v4("10.0.0.0/8"), attrs([65001], "198.18.0.2"));
  const set = rib.lookup(v4("10.0.0.0/8"))!.best!.received;

  it("keeps path IDs, flags and IGP cost exactly, small (packed) or large", () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 1100 }), fc.integer({ min: 0, max: 0xffffffff }));
    const cost = fc.oneof(fc.integer({ min: 0, max: 1100 }), fc.integer({ min: 0, max: 2 ** 28 - 1 }));
    fc.assert(
      fc.property(
        id,
        id,
        fc.array(fc.tuple(fc.boolean(), fc.boolean(), cost), { maxLength: 6 }),
        (rx, tx, steps) => {
          const r = new Route(peer, rx, set, set, tx);
          expect([r.pathId, r.txPathId, r.stale, r.reachable, r.igpCost]).toEqual([rx, tx, false, true, 0]);
          for (const [stale, reachable, c] of steps) {
            r.igpCost = c;
            r.stale = stale;
            r.reachable = reachable;
            expect([r.pathId, r.txPathId, r.stale, r.reachable, r.igpCost]).toEqual([
              rx,
              tx,
              stale,
              reachable,
              c,
            ]);
          }
        },
      ),
    );
  });

  it("caps the IGP cost at 2^28 - 1 and floors fractions", () => {
    const r = new Route(peer, 0, set, set, 1);
    r.igpCost = 2 ** 40;
    expect(r.igpCost).toBe(2 ** 28 - 1);
    r.igpCost = 7.9;
    expect(r.igpCost).toBe(7);
    r.igpCost = -3;
    expect(r.igpCost).toBe(0);
  });
});
