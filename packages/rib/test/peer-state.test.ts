import { createContext, decodeMessage, packUpdates, type UpdateMessage } from "@tsbgp/bgp-wire";
import type { Policy } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, makeRib, v4 } from "./helpers.js";

const ctx = createContext({ asn4: true });
const prefixes = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"].map((p) => ({ prefix: v4(p) }));

function send(path: number[], extra = {}): UpdateMessage {
  const [m] = [...packUpdates({ attributes: attrs(path, "198.18.0.2", extra), announce: prefixes }, ctx)];
  return decodeMessage(m!, ctx) as UpdateMessage;
}

describe("per-peer import verdicts", () => {
  it("counts a remembered rejection once per route", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.applyUpdate(peer, send([65001, 65000, 7]));
    expect(rib.counters.rejected["as-loop"]).toBe(3);
    expect([...rib.adjRibIn(peer, "pre")]).toHaveLength(3);
    expect([...rib.adjRibIn(peer, "post")]).toHaveLength(0);
    expect(rib.lookup(v4("10.0.1.0/24"))?.best ?? null).toBeNull();
  });

  it("shares one scrubbed set among the routes of an eBGP UPDATE carrying LOCAL_PREF", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.applyUpdate(peer, send([65001, 9], { localPref: 500 }));
    const sets = prefixes.map((p) => rib.lookup(p.prefix)!.best!.attrs!);
    expect(sets[0]!.attrs.localPref).toBeUndefined();
    expect(sets[1]).toBe(sets[0]);
    expect(sets[2]).toBe(sets[0]);
    expect(sets[0]!.refs).toBe(3);
    expect(rib.store.size).toBe(2); // received (with LOCAL_PREF) and accepted (without)
  });

  it("re-evaluates with a new policy instead of reusing the accept-all verdict", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.applyUpdate(peer, send([65001, 9]));
    const onlyFirst: Policy = ({ prefix, attrs: a }) =>
      prefix.afi === 1 && prefix.addr === v4("10.0.0.0/24").addr ? a : null;
    expect(rib.setImportPolicy(peer, onlyFirst)).toBe(2);
    expect(rib.counters.rejected.policy).toBe(2);
    expect(rib.lookup(v4("10.0.0.0/24"))!.best).not.toBeNull();
    expect(rib.lookup(v4("10.0.2.0/24"))?.best ?? null).toBeNull();
    rib.applyUpdate(peer, send([65001, 10]));
    expect(rib.counters.rejected.policy).toBe(4);
  });
});
