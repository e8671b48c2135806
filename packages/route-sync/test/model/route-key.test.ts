import { describe, expect, it } from "vitest";
import { formatRoute, normalizeRoute, parsePrefix, routeKey, sameForwarding } from "../../src/index.js";

const p4 = (s: string) => parsePrefix(s);

describe("normalizeRoute", () => {
  it("fills kind, table, metric and protocol defaults", () => {
    const r = normalizeRoute({ prefix: p4("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.2" }] }, 200);
    expect(r).toEqual({
      prefix: { family: 4, address: "198.19.0.0", length: 24 },
      kind: "unicast",
      nexthops: [{ gateway: "198.18.0.2" }],
      table: 254,
      metric: 0,
      protocol: 200,
    });
  });

  it("stores IPv6 metric 0 as 1024 like the kernel", () => {
    const r = normalizeRoute({ prefix: p4("2001:db8:1::/48"), kind: "blackhole" }, 200);
    expect(r.metric).toBe(1024);
  });

  it("keeps weights only on multipath routes", () => {
    const r = normalizeRoute(
      {
        prefix: p4("198.19.0.0/24"),
        nexthops: [{ gateway: "198.18.0.2", weight: 3 }, { gateway: "198.18.0.3" }],
      },
      1,
    );
    expect(r.nexthops.map((h) => h.weight)).toEqual([3, 1]);
    const single = normalizeRoute(
      { prefix: p4("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.2", weight: 3 }] },
      1,
    );
    expect(single.nexthops[0]!.weight).toBeUndefined();
  });

  it.each([
    [{ prefix: { family: 4, address: "198.19.0.1", length: 24 }, kind: "blackhole" }, /host bits/],
    [{ prefix: { family: 4, address: "198.19.0.0", length: 33 }, kind: "blackhole" }, /prefix length/],
    [{ prefix: { family: 4, address: "198.19.0.0", length: 24 } }, /needs a next hop/],
    [
      {
        prefix: { family: 4, address: "198.19.0.0", length: 24 },
        kind: "blackhole",
        nexthops: [{ dev: "d0" }],
      },
      /cannot have/,
    ],
    [
      { prefix: { family: 4, address: "198.19.0.0", length: 24 }, nexthops: [{ gateway: "2001:db8::1" }] },
      /not IPv4/,
    ],
    [{ prefix: { family: 4, address: "198.19.0.0", length: 24 }, nexthops: [{}] }, /gateway or a device/],
    [
      {
        prefix: { family: 4, address: "198.19.0.0", length: 24 },
        nexthops: [{ gateway: "198.18.0.9", onlink: true }],
      },
      /onlink needs/,
    ],
    [
      {
        prefix: { family: 4, address: "198.19.0.0", length: 24 },
        nexthops: [{ gateway: "198.18.0.2", weight: 0 }, { gateway: "198.18.0.3" }],
      },
      /weight 0/,
    ],
    [{ prefix: { family: 4, address: "198.19.0.0", length: 24 }, kind: "blackhole", table: 0 }, /table 0/],
    [
      { prefix: { family: 4, address: "198.19.0.0", length: 24 }, kind: "blackhole", protocol: 300 },
      /protocol 300/,
    ],
    [
      { prefix: { family: 4, address: "198.19.0.0", length: 24 }, kind: "blackhole", metric: -1 },
      /metric -1/,
    ],
    [{ prefix: { family: 6, address: "198.19.0.0", length: 24 }, kind: "blackhole" }, /family/],
  ])("rejects invalid route %# naming it", (route, why) => {
    let err: unknown;
    try {
      normalizeRoute(route as never, 200);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: "RouteSyncError", code: "INVALID_ROUTE" });
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain(`${route.prefix.address}/${route.prefix.length}`);
  });

  it("normalises a normalised route to an equal one, keeping its protocol", () => {
    const r = normalizeRoute({ prefix: p4("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.2" }] }, 200);
    expect(normalizeRoute(r, 201)).toEqual(r);
    expect(normalizeRoute(r, 200, { protocol: 201 })).toEqual({ ...r, protocol: 201 });
  });

  it("forces the protocol given in the options over the route's own", () => {
    const r = normalizeRoute({ prefix: p4("198.19.0.0/24"), kind: "blackhole", protocol: 4 }, 200, {
      protocol: 186,
    });
    expect(r.protocol).toBe(186);
  });

  it("matches a removal by key alone: next hops are neither needed nor checked", () => {
    const bad = { prefix: p4("198.19.0.0/24"), nexthops: [{ gateway: "not an address" }], table: 7 };
    const r = normalizeRoute(bad, 200, { keyOnly: true });
    expect(r).toEqual({
      prefix: bad.prefix,
      kind: "unicast",
      nexthops: [],
      table: 7,
      metric: 0,
      protocol: 200,
    });
    expect(routeKey(r)).toBe("7|198.19.0.0/24|0");
    // Taken as a full route it is incomplete.
    expect(() => normalizeRoute(r, 200)).toThrow(/needs a next hop/);
  });
});

describe("routeKey / sameForwarding / formatRoute", () => {
  const base = normalizeRoute(
    { prefix: p4("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.2", dev: "d0" }], table: 100, metric: 5 },
    200,
  );

  it("keys by table, prefix and metric", () => {
    expect(routeKey(base)).toBe("100|198.19.0.0/24|5");
  });

  it("ignores next hop order and devices the desired route left out", () => {
    const want = normalizeRoute(
      {
        prefix: p4("198.19.0.0/24"),
        nexthops: [{ gateway: "198.18.0.2" }, { gateway: "198.18.0.3", weight: 2 }],
      },
      200,
    );
    const have = normalizeRoute(
      {
        prefix: p4("198.19.0.0/24"),
        nexthops: [
          { gateway: "198.18.0.3", weight: 2, dev: "d0", ifindex: 3 },
          { gateway: "198.18.0.2", dev: "d0", ifindex: 3 },
        ],
      },
      200,
    );
    expect(sameForwarding(want, have)).toBe(true);
    expect(sameForwarding(want, { ...have, protocol: 4 })).toBe(false);
    expect(sameForwarding(want, { ...have, nexthops: [have.nexthops[0]!] })).toBe(false);
    expect(sameForwarding(base, { ...base, nexthops: [{ gateway: "198.18.0.2", dev: "d1" }] })).toBe(false);
    expect(sameForwarding(base, { ...base, kind: "blackhole", nexthops: [] })).toBe(false);
  });

  it("formats like ip route", () => {
    expect(formatRoute(base)).toBe("198.19.0.0/24 via 198.18.0.2 dev d0 table 100 metric 5 proto 200");
    expect(formatRoute({ prefix: p4("2001:db8::/32"), kind: "unreachable" })).toBe(
      "unreachable 2001:db8::/32",
    );
  });
});
