import { AttrStore, type Peer, UpdateBuilder } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, makeRib, v4, v6 } from "../helpers.js";

describe("UpdateBuilder split-horizon tags", () => {
  const rib = makeRib();
  const [a, b, c] = [1, 2, 3].map((n) =>
    rib.addPeer({ address: { afi: 1, addr: n }, asn: 65000, routerId: n, rrClient: true }),
  ) as [Peer, Peer, Peer];
  const store = new AttrStore();
  const s1 = store.intern(attrs([65100], "198.18.0.1"));
  const s2 = store.intern(attrs([65200], "198.18.0.1"));

  it("leaves out exactly the entries kept from a peer, and reuses untouched lists", () => {
    const ub = new UpdateBuilder();
    ub.announce(s1, { prefix: v4("198.18.1.0/24") }, a);
    ub.announce(s1, { prefix: v4("198.18.2.0/24") });
    ub.announce(s1, { prefix: v4("198.18.3.0/24") }, [a, b]);
    ub.announce(s2, { prefix: v4("198.18.4.0/24") }, b);
    ub.withdraw({ prefix: v4("198.18.5.0/24") }, a);
    ub.withdraw({ prefix: v6("2001:db8:5::/48") });
    const prefixes = (msgs: ReturnType<UpdateBuilder["build"]>) =>
      msgs.map((m) => [
        ...m.withdrawn.map((n) => `-${n.prefix.len}/${n.prefix.afi}`),
        ...(m.attributes.mpUnreach?.withdrawn ?? []).map((n) => `-${n.prefix.len}/${n.prefix.afi}`),
        ...m.nlri.map((n) => ((n.prefix.addr as number) >>> 8) & 0xff),
      ]);
    const all = ub.build();
    expect(prefixes(all)).toEqual([["-24/1"], ["-48/2"], [1, 2, 3], [4]]);
    expect(prefixes(ub.buildWithout(a))).toEqual([["-48/2"], [2], [4]]);
    expect(prefixes(ub.buildWithout(b))).toEqual([["-24/1"], ["-48/2"], [1, 2]]);
    const forC = ub.buildWithout(c);
    expect(prefixes(forC)).toEqual(prefixes(all));
    // Nothing kept from c: the very same NLRI lists, no copies.
    expect(forC[2]!.nlri).toBe(all[2]!.nlri);
  });

  it("splits a bucket holding both families into one UPDATE each", () => {
    const ub = new UpdateBuilder();
    const both = store.intern({
      ...attrs([65100], "198.18.0.1"),
      mpReach: {
        afi: 2,
        safi: 1,
        nextHop: { afi: 2, addr: v6("2001:db8::1/128").addr },
        nextHopBytes: v6("2001:db8::1/128").addr,
        nlri: [],
        nlriBytes: new Uint8Array(0),
      },
    });
    ub.announce(both, { prefix: v4("198.18.1.0/24") });
    ub.announce(both, { prefix: v6("2001:db8:1::/48") });
    const [m4, m6] = ub.build();
    expect(m4!.nlri).toHaveLength(1);
    expect(m4!.attributes.mpReach).toBeUndefined();
    expect(m6!.attributes.mpReach?.nlri).toHaveLength(1);
    expect(m6!.attributes.nextHop).toBeUndefined();
  });
});
