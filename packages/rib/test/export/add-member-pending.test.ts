import type { UpdateMessage } from "@tsbgp/bgp-wire";
import { AdjRibOut } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, ip4, makeRib, v4 } from "../helpers.js";

const P = v4("198.18.9.0/24");

/** Whether the messages leave P announced (true), withdrawn (false) or untouched (undefined). */
function stateOfP(msgs: readonly UpdateMessage[], before: boolean | undefined): boolean | undefined {
  let s = before;
  for (const m of msgs) {
    if (m.withdrawn.some((n) => n.prefix.addr === P.addr)) s = false;
    if (m.nlri.some((n) => n.prefix.addr === P.addr)) s = true;
  }
  return s;
}

describe("AdjRibOut.addMember while a change is pending", () => {
  it("a member whose own route becomes best before the flush keeps no stale path", () => {
    const rib = makeRib();
    const mk = (name: string, n: number, localPref: number) => ({
      peer: rib.addPeer({
        name,
        address: { afi: 1, addr: ip4(`198.18.0.${n}`) },
        asn: 65000,
        routerId: ip4(`192.0.2.${n}`),
        rrClient: true,
      }),
      attrs: attrs([65100], `198.18.0.${n}`, { localPref }),
    });
    const a = mk("A", 11, 100);
    const m = mk("M", 12, 200);
    const group = new AdjRibOut(rib, {
      name: "clients",
      kind: "ibgp",
      rrClient: true,
      localAddress: { v4: ip4("10.0.0.1") },
    });
    group.addMember(a.peer);

    // P appears (from A) but the group has not flushed yet when M's session comes up.
    rib.announce(a.peer, P, a.attrs);
    rib.flush();
    let atM = stateOfP(group.addMember(m.peer), undefined);
    // M then announces P itself with a higher LOCAL_PREF: its own route is best, so M must end
    // up without P from us (we never reflect a route back to its source).
    rib.announce(m.peer, P, m.attrs);
    rib.flush();
    atM = stateOfP(group.flush().for(m.peer), atM);
    expect(atM === true).toBe(false);
    expect(group.paths(P).map((p) => p.source.name)).toEqual(["M"]);
  });
});
