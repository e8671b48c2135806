import { WellKnownCommunity } from "@tsbgp/bgp-wire";
import { loadPolicy, type Peer, type PolicyRoute, RibError } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, comm, ip4, makeRib, v4 } from "../helpers.js";

const peer: Peer = {
  id: 1,
  name: "p1",
  address: { afi: 1, addr: ip4("198.18.0.1") },
  asn: 65001,
  routerId: 1,
  kind: "ebgp",
  rrClient: false,
};
const route = (
  prefix: string,
  extra: Parameters<typeof attrs>[2] = {},
  path = [65001, 65010],
): PolicyRoute => ({
  prefix: v4(prefix),
  attrs: attrs(path, "198.18.0.1", extra),
  peer,
});

const YAML = `
default: reject
rules:
  - name: bogons
    match: { prefix: ["10.0.0.0/8 le 32", "192.168.0.0/16 ge 16"] }
    action: reject
  - name: customers
    match:
      community: ["65000:100"]
      as-path: "^65001( |$)"
      peer-as: [65001]
      peer-address: ["198.18.0.1"]
      next-hop: ["198.18.0.0/15"]
    set:
      local-pref: 200
      med: 10
      add-community: ["65000:1", "no-export"]
      remove-community: ["65000:100"]
      add-large-community: ["65000:1:2"]
      prepend: { asn: 65000, count: 2 }
    action: accept
  - name: rest
    match: { prefix: ["0.0.0.0/0 le 24"] }
    set: { local-pref: 50 }
`;

describe("declarative policy loader", () => {
  it("loads YAML and applies it", () => {
    const pol = loadPolicy(YAML);
    expect(pol(route("10.1.0.0/16"))).toBeNull();
    const out = pol(route("198.18.0.0/24", { communities: [comm(65000, 100)] }))!;
    expect(out).toMatchObject({
      localPref: 200,
      med: 10,
      communities: [comm(65000, 1), WellKnownCommunity.NO_EXPORT],
      largeCommunities: [{ global: 65000, local1: 1, local2: 2 }],
    });
    expect(out.asPath![0]!.asns.slice(0, 3)).toEqual([65000, 65000, 65001]);
    expect(pol(route("198.18.0.0/24"))!.localPref).toBe(50);
    expect(pol(route("198.18.0.0/25"))).toBeNull();
  });

  it("loads the same form from JSON and plugs into a RIB as an import policy", () => {
    const pol = loadPolicy(JSON.stringify({ rules: [{ name: "lp", set: { "local-pref": 120 } }] }));
    const rib = makeRib();
    const p = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65000, routerId: 1, importPolicy: pol });
    rib.announce(p, v4("198.18.0.0/24"), attrs([], "198.18.0.1"));
    expect(rib.lookup(v4("198.18.0.0/24"))!.best!.attrs!.attrs.localPref).toBe(120);
  });

  const bad: [string, string, string, RegExp][] = [
    ["rules: [{ name: r1, match: { prefix: ['10.0.0.0/33'] } }]", "r1", "match.prefix[0]", /is not a prefix/],
    ["rules: [{ name: r2, match: { prefix: ['10.0.0.0/8 le 4'] } }]", "r2", "match.prefix[0]", /ge <= le/],
    ["rules: [{ name: r3, set: { local-pref: -1 } }]", "r3", "set.local-pref", /integer/],
    ["rules: [{ name: r4, match: { communty: ['1:1'] } }]", "r4", "match.communty", /unknown key/],
    [
      "rules: [{ name: r5, match: { community: ['70000:1'] } }]",
      "r5",
      "match.community[0]",
      /not a community/,
    ],
    ["rules: [{ name: r6, action: drop }]", "r6", "action", /accept, reject or next/],
    ["rules: [{ name: r7, match: { as-path: '(' } }]", "r7", "match.as-path", /regular expression/],
    ["rules: [{ name: r8, set: { next-hop: 'nope' } }]", "r8", "set.next-hop", /not an address/],
    ["rules: [{ set: { prepend: { asn: 1, times: 2 } } }]", "#0", "set.prepend.times", /unknown key/],
    ["default: maybe", "(policy)", "default", /accept or reject/],
  ];
  for (const [text, rule, field, msg] of bad) {
    it(`names the rule and field: ${rule} ${field}`, () => {
      let err: unknown;
      try {
        loadPolicy(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RibError);
      const e = err as RibError;
      expect(e.code).toBe("ERR_RIB_POLICY_INVALID");
      expect(e.rule).toBe(rule);
      expect(e.field).toBe(field);
      expect(e.message).toMatch(msg);
      expect(e.message).toContain(`rule "${rule}"`);
    });
  }

  it("rejects text that is not YAML", () => {
    expect(() => loadPolicy("rules: [")).toThrow(RibError);
  });
});
