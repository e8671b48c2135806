import {
  type Peer,
  PeerKind,
  type ResolvedDecisionOptions,
  resolveDecisionOptions,
  Rib,
  type Route,
} from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectOfMany, selectOfTwo } from "../../src/decision/select.js";
import { attrs, v4 } from "../helpers.js";

// selectOfTwo (one walk of the chain) must choose exactly what the general selection chooses
// for two candidates: the best, the multipath set and the recorded reason.

const P = v4("198.18.3.0/24");

const arbRoute = fc.record({
  ibgp: fc.boolean(),
  neighbor: fc.constantFrom(65001, 65002),
  localPref: fc.constantFrom(100, 200),
  pathLen: fc.integer({ min: 1, max: 2 }),
  origin: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
  med: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  reachable: fc.boolean(),
  cost: fc.constantFrom(0, 5),
  routerId: fc.constantFrom(1, 2),
  sameAddress: fc.boolean(),
});
type R = typeof arbRoute extends fc.Arbitrary<infer T> ? T : never;

const arbOptions = fc.record({
  deterministicMed: fc.boolean(),
  alwaysCompareMed: fc.boolean(),
  medMissingAsWorst: fc.boolean(),
  compareIgpCost: fc.boolean(),
  multipath: fc.record({ ebgp: fc.constantFrom(1, 2, 4), ibgp: fc.constantFrom(1, 2) }),
});

/** Two routes for one prefix, from two peers, with their next-hop facts set. */
function routes(rs: readonly [R, R]): [Route, Route] {
  const rib = new Rib({ asn: 65000, routerId: 0x0a000001, schedule: null });
  const peers: Peer[] = rs.map((r, i) =>
    rib.addPeer({
      address: { afi: 1, addr: r.sameAddress ? 0xc6120001 : 0xc6120001 + i },
      asn: r.ibgp ? 65000 : r.neighbor,
      routerId: r.routerId,
    }),
  );
  rs.forEach((r, i) => {
    const path = r.ibgp ? [r.neighbor] : [r.neighbor, ...Array.from({ length: r.pathLen - 1 }, () => 64600)];
    rib.announce(
      peers[i]!,
      P,
      attrs(path, `198.18.0.${i + 1}`, {
        origin: r.origin,
        ...(r.ibgp ? { localPref: r.localPref } : {}),
        ...(r.med !== undefined ? { med: r.med } : {}),
      }),
    );
  });
  const out = rib.lookup(P)!.routes as [Route, Route];
  out.forEach((route, i) => {
    route.reachable = rs[i]!.reachable;
    route.igpCost = rs[i]!.cost;
  });
  return out;
}

describe("selectOfTwo", () => {
  it("matches the general selection for every pair and option set (property)", () => {
    let multipathSeen = 0;
    fc.assert(
      fc.property(fc.tuple(arbRoute, arbRoute), arbOptions, (rs, opts) => {
        const o: ResolvedDecisionOptions = resolveDecisionOptions(opts);
        const [a, b] = routes(rs);
        const fast = selectOfTwo(a, b, o);
        const general = selectOfMany([a, b], o);
        expect(fast.best).toBe(general.best);
        expect(fast.ecmp).toEqual(general.ecmp);
        expect(fast.reason).toBe(general.reason);
        if (fast.ecmp.length === 2) multipathSeen++;
      }),
      { seed: 4271, numRuns: 2000 },
    );
    // The generator reaches the multipath branch, not only single best paths.
    expect(multipathSeen).toBeGreaterThan(10);
  });

  it("picks the lower router ID and keeps both routes in an eBGP multipath of two", () => {
    const o = resolveDecisionOptions({ multipath: { ebgp: 2 } });
    const first: R = {
      ibgp: false,
      neighbor: 65001,
      localPref: 100,
      pathLen: 1,
      origin: 0,
      med: undefined,
      reachable: true,
      cost: 0,
      routerId: 1,
      sameAddress: false,
    };
    const [a, b] = routes([first, { ...first, neighbor: 65002, routerId: 2 }]);
    const s = selectOfTwo(a, b, o);
    expect(s.best).toBe(a);
    expect(s.ecmp).toEqual([a, b]);
    expect(s.reason).toBe("router-id");
    expect(a.peer.kind).toBe(PeerKind.EBGP);
  });
});
