import type { IpAddress, Prefix } from "@tsbgp/bgp-wire";
import type { Peer, RouteChange, RouteSummary } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { desiredChanges } from "../../src/agent/kernel-routes.js";

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const prefix: Prefix = { afi: 1, addr: v4(198, 18, 130, 0), len: 26 };
const peer = (kind: Peer["kind"], id: number): Peer => ({
  id,
  name: `p${id}`,
  address: { afi: 1, addr: v4(198, 19, 1, id) },
  asn: 64512,
  routerId: v4(198, 19, 1, id),
  kind,
  rrClient: false,
});
const summary = (p: Peer, nextHop: IpAddress | null): RouteSummary => ({
  nextHop,
  attrs: {},
  peer: p,
  pathId: 0,
  igpCost: 0,
});
const hop = (d: number): IpAddress => ({ afi: 1, addr: v4(198, 19, 1, d) });

describe("desiredChanges", () => {
  it("maps a learned route to a unicast route via its next hop, ECMP to several", () => {
    const a = summary(peer("ibgp", 2), hop(2));
    const b = summary(peer("ibgp", 3), hop(3));
    const changes: RouteChange[] = [
      { op: "add", prefix, best: a, ecmp: [a], nextHops: [hop(2)], seq: 1 },
      { op: "replace", prefix, best: a, ecmp: [a, b], nextHops: [hop(2), hop(3)], seq: 2 },
    ];
    expect(desiredChanges(changes, { table: 254 })).toEqual([
      {
        op: "replace",
        route: {
          prefix: { family: 4, address: "198.18.130.0", length: 26 },
          table: 254,
          nexthops: [{ gateway: "198.19.1.2" }],
        },
      },
      {
        op: "replace",
        route: {
          prefix: { family: 4, address: "198.18.130.0", length: 26 },
          table: 254,
          nexthops: [{ gateway: "198.19.1.2" }, { gateway: "198.19.1.3" }],
        },
      },
    ]);
  });

  it("maps our own block to a blackhole and a withdraw to a removal", () => {
    const local = summary(peer("local", 0), null);
    const changes: RouteChange[] = [
      { op: "add", prefix, best: local, ecmp: [local], nextHops: [], seq: 1 },
      { op: "withdraw", prefix, ecmp: [], nextHops: [], seq: 2 },
    ];
    const out = desiredChanges(changes, { table: 100 });
    expect(out[0]).toEqual({
      op: "replace",
      route: { prefix: { family: 4, address: "198.18.130.0", length: 26 }, kind: "blackhole", table: 100 },
    });
    expect(out[1]?.op).toBe("remove");
    expect(out[1]?.route.prefix).toEqual({ family: 4, address: "198.18.130.0", length: 26 });
  });
});
