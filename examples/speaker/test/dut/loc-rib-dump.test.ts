import { Rib } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { locRibEntries } from "../../src/dut/loc-rib-dump.js";

const ip4 = (t: string) => t.split(".").reduce((a, o) => a * 256 + Number(o), 0) >>> 0;
const v6 = (last: number) => {
  const b = new Uint8Array(16);
  b.set([0x20, 0x01, 0x0d, 0xb8]);
  b[15] = last;
  return b;
};

describe("locRibEntries", () => {
  it("lists each prefix's best path with its peer, reason, path counts and attributes", () => {
    const rib = new Rib({ asn: 65000, routerId: ip4("10.0.0.100"), schedule: null });
    const e1 = rib.addPeer({
      name: "198.19.1.3",
      address: { afi: 1, addr: ip4("198.19.1.3") },
      asn: 65001,
      routerId: ip4("10.0.0.9"),
    });
    const i1 = rib.addPeer({
      name: "198.19.1.5",
      address: { afi: 1, addr: ip4("198.19.1.5") },
      asn: 65000,
      routerId: ip4("10.0.0.7"),
    });
    const p = { afi: 1, addr: ip4("198.18.128.0"), len: 26 } as const;
    rib.announce(e1, p, {
      origin: 0,
      asPath: [{ type: 2, asns: [65001] }],
      nextHop: { afi: 1, addr: ip4("198.19.1.3") },
      med: 4,
      communities: [(65001 << 16) | 4],
    });
    rib.announce(i1, p, {
      origin: 0,
      asPath: [{ type: 2, asns: [65002] }],
      nextHop: { afi: 1, addr: ip4("198.19.1.5") },
      localPref: 200,
      originatorId: ip4("10.0.0.6"),
      clusterList: [ip4("10.9.0.1")],
    });
    // An AS loop (our own AS in the path) is stored but rejected (RFC 4271 §9.1.2).
    rib.announce(
      e1,
      { afi: 1, addr: ip4("198.18.128.64"), len: 26 },
      {
        origin: 2,
        asPath: [{ type: 2, asns: [65001, 65000] }],
        nextHop: { afi: 1, addr: ip4("198.19.1.3") },
      },
    );
    const q = { afi: 2, addr: v6(0), len: 48 } as const;
    rib.announce(e1, q, {
      origin: 1,
      asPath: [
        { type: 2, asns: [65001] },
        { type: 1, asns: [64700, 64701] },
      ],
      mpReach: {
        afi: 2,
        safi: 1,
        nextHop: { afi: 2, addr: v6(3) },
        nextHopBytes: new Uint8Array(0),
        nlri: [],
        nlriBytes: new Uint8Array(0),
      },
    });
    rib.flush();

    const entries = locRibEntries(rib);
    expect(entries).toEqual([
      {
        prefix: "198.18.128.0/26",
        peer: "198.19.1.5",
        reason: "local-pref",
        paths: 2,
        accepted: 2,
        origin: "igp",
        asPath: [65002],
        nextHop: "198.19.1.5",
        localPref: 200,
        originatorId: "10.0.0.6",
        clusterList: ["10.9.0.1"],
      },
      {
        prefix: "2001:db8::/48",
        peer: "198.19.1.3",
        reason: "only-route",
        paths: 1,
        accepted: 1,
        origin: "egp",
        asPath: [65001, [64700, 64701]],
        nextHop: "2001:db8::3",
      },
    ]);
  });
});
