import { WellKnownCommunity } from "@tsbgp/bgp-wire";
import {
  addCommunities,
  asPathRegex,
  chain,
  community,
  type Peer,
  prefixList,
  rulesPolicy,
  setLocalPref,
  setMed,
  prependAsPath,
  removeCommunities,
  type PolicyRoute,
} from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, comm, ip4, v4, v6 } from "../helpers.js";

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
  prefix: prefix.includes(":") ? v6(prefix) : v4(prefix),
  attrs: attrs(path, "198.18.0.1", extra),
  peer,
});

describe("typed policies", () => {
  it("prefix lists with length ranges", () => {
    const m = prefixList([
      { prefix: v4("10.0.0.0/8"), le: 24 },
      { prefix: v4("192.0.2.0/24") },
      { prefix: v6("2001:db8::/32"), ge: 48 },
    ]);
    expect(m(route("10.1.0.0/16"))).toBe(true);
    expect(m(route("10.1.1.0/25"))).toBe(false);
    expect(m(route("192.0.2.0/24"))).toBe(true);
    expect(m(route("192.0.2.0/25"))).toBe(false);
    expect(m(route("11.0.0.0/8"))).toBe(false);
    expect(m(route("2001:db8:1::/48"))).toBe(true);
    expect(m(route("2001:db8::/32"))).toBe(false);
  });

  it("rules: first match decides, `next` keeps rewrites, default applies", () => {
    const pol = rulesPolicy(
      [
        { name: "tag", match: [community([comm(65000, 1)])], set: [setLocalPref(300)], verdict: "next" },
        {
          name: "long",
          match: [prefixList([{ prefix: v4("0.0.0.0/0"), ge: 25 }])],
          set: [],
          verdict: "reject",
        },
        {
          name: "from-65010",
          match: [asPathRegex(/ 65010$/)],
          set: [setMed(5), addCommunities([7])],
          verdict: "accept",
        },
      ],
      "reject",
    );
    const tagged = route("198.18.0.0/24", { communities: [comm(65000, 1)] });
    expect(pol(tagged)).toMatchObject({ localPref: 300, med: 5, communities: [comm(65000, 1), 7] });
    expect(pol(route("198.18.0.0/25"))).toBeNull();
    expect(pol(route("198.18.0.0/24", {}, [65001, 65020]))).toBeNull();
    // Inputs are never mutated.
    expect(tagged.attrs.localPref).toBeUndefined();
  });

  it("chain: output flows on, a rejection stops", () => {
    const p = chain(
      (r) => prependAsPath(65000, 2)(r.attrs),
      (r) => removeCommunities([1])(r.attrs),
    );
    const out = p(route("198.18.0.0/24", { communities: [1] }))!;
    expect(out.asPath![0]!.asns).toEqual([65000, 65000, 65001, 65010]);
    expect(out.communities).toBeUndefined();
    expect(
      chain(
        () => null,
        () => {
          throw new Error("not reached");
        },
      )(route("198.18.0.0/24")),
    ).toBeNull();
  });

  it("well-known community constants are the RFC 1997 values", () => {
    expect(WellKnownCommunity.NO_EXPORT).toBe(0xffffff01);
  });
});
