/**
 * The real RouteViews RIB (2014-05-23 06:00, first complete records: 47 peers, 269,914 IPv4
 * routes) loaded into the RIB. Samples were checked by hand against the bgpdump text of the same
 * file (../shared/fixtures/mrt/routeviews/*.first1000.bgpdump.txt).
 */
import { asPathText, type Destination, DecisionReason, type Rib } from "@tsbgp/rib";
import { beforeAll, describe, expect, it } from "vitest";
import { ip4, v4 } from "./helpers.js";
import { type LoadedRib, loadRouteViews } from "./support/routeviews.js";

let L: LoadedRib;
let rib: Rib;

beforeAll(() => {
  L = loadRouteViews();
  rib = L.rib;
});

function at(prefix: string): Destination {
  const d = rib.lookup(v4(prefix));
  if (!d) throw new Error(`${prefix} missing`);
  return d;
}

describe("RouteViews RIB (47 peers, 269,914 routes)", () => {
  it("loads every record and route, with no route lost or rejected", () => {
    expect(L.records).toBe(9069);
    expect(L.routes).toBe(269914);
    expect(L.mrtPeers).toHaveLength(47);
    expect(rib.counters.announced).toBe(269914);
    expect(Object.values(rib.counters.rejected).every((n) => n === 0)).toBe(true);
    expect(rib.prefixCount).toBe(9069);
    let routes = 0;
    let best = 0;
    for (const d of rib.destinations()) {
      routes += d.routes.length;
      if (d.best) best++;
    }
    expect(routes).toBe(269914);
    expect(best).toBe(9069);
  });

  it("interns attribute sets: far fewer sets than routes", () => {
    expect(rib.store.size).toBe(87151);
  });

  it("the decision reasons are stable", () => {
    const reasons: Record<string, number> = {};
    for (const d of rib.destinations()) reasons[d.reason!] = (reasons[d.reason!] ?? 0) + 1;
    expect(reasons).toEqual({
      [DecisionReason.ONLY_ROUTE]: 183,
      [DecisionReason.ROUTER_ID]: 4611,
      [DecisionReason.AS_PATH]: 3327,
      [DecisionReason.ORIGIN]: 929,
      [DecisionReason.MED]: 19,
    });
  });

  it("0.0.0.0/0: one route, from 196.7.106.245 (AS 2905)", () => {
    const d = at("0.0.0.0/0");
    expect(d.routes).toHaveLength(1);
    expect(d.best!.peer.address).toEqual({ afi: 1, addr: ip4("196.7.106.245") });
    expect(asPathText(d.best!.attrs!.attrs.asPath)).toBe("2905 65023 16637");
    expect(d.reason).toBe(DecisionReason.ONLY_ROUTE);
  });

  it("1.0.0.0/24: 32 routes; among the 2-AS IGP paths (MED not comparable across neighbours) the lowest router ID, 4.69.184.193, wins", () => {
    const d = at("1.0.0.0/24");
    expect(d.routes).toHaveLength(32);
    expect(d.best!.peer.asn).toBe(3356);
    expect(d.best!.peer.routerId).toBe(ip4("4.69.184.193"));
    expect(asPathText(d.best!.attrs!.attrs.asPath)).toBe("3356 15169");
    expect(d.reason).toBe(DecisionReason.ROUTER_ID);
  });

  it("1.0.4.0/24: the only 3-AS path (6939 7545 56203) wins on AS_PATH length", () => {
    const d = at("1.0.4.0/24");
    expect(d.best!.peer.address).toEqual({ afi: 1, addr: ip4("216.218.252.164") });
    expect(asPathText(d.best!.attrs!.attrs.asPath)).toBe("6939 7545 56203");
    expect(d.reason).toBe(DecisionReason.AS_PATH);
  });

  it("1.0.38.0/24: the only 2-AS path (2914 24155, MED 318) wins on AS_PATH length", () => {
    const d = at("1.0.38.0/24");
    expect(d.best!.peer.asn).toBe(2914);
    expect(d.best!.attrs!.attrs.med).toBe(318);
    expect(d.reason).toBe(DecisionReason.AS_PATH);
  });

  it("1.1.53.0/24: of the 4-AS paths only 6939's has ORIGIN IGP (the rest INCOMPLETE)", () => {
    const d = at("1.1.53.0/24");
    expect(d.routes).toHaveLength(30);
    expect(d.best!.peer.asn).toBe(6939);
    expect(d.best!.attrs!.attrs.origin).toBe(0);
    expect(d.reason).toBe(DecisionReason.ORIGIN);
  });

  it("longest-prefix match over the table", () => {
    expect(rib.longestMatch({ afi: 1, addr: ip4("1.0.129.7") })!.prefix).toEqual(v4("1.0.129.0/24"));
    expect(rib.longestMatch({ afi: 1, addr: ip4("1.0.131.7") })!.prefix).toEqual(v4("1.0.128.0/19"));
    expect(rib.longestMatch({ afi: 1, addr: ip4("198.18.0.1") })!.prefix).toEqual(v4("0.0.0.0/0"));
  });

  it("the change stream reports one add per prefix; dropping every peer withdraws all and frees every set", () => {
    const first = rib.flush();
    expect(first).toHaveLength(9069);
    expect(first.every((c) => c.op === "add" && c.nextHops.length === 1)).toBe(true);
    for (const p of L.peers) rib.peerDown(p);
    const gone = rib.flush();
    expect(gone).toHaveLength(9069);
    expect(gone.every((c) => c.op === "withdraw")).toBe(true);
    expect(rib.prefixCount).toBe(0);
    expect(rib.store.size).toBe(0);
  });
});
