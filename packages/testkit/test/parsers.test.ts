import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBirdProtocolState, parseBirdRoutes } from "../src/daemons/bird/bird-parse.js";
import { replayExabgpLog } from "../src/daemons/exabgp/exabgp-parse.js";
import { parseFrrNeighborState, parseFrrRoutes } from "../src/daemons/frr/frr-parse.js";
import { parseGobgpNeighborState, parseGobgpRib } from "../src/daemons/gobgp/gobgp-parse.js";
import { subnetContains } from "../src/lab/subnet.js";

// Real output captured by test/helpers/capture-fixtures.ts (see fixtures/PROVENANCE.md):
// BIRD 198.19.1.1 (AS 65001), FRR .2 (65002), GoBGP .3 (65003), ExaBGP .4 (65004).
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const BIRD_PEERS = new Map([
  ["n0", "198.19.1.2"],
  ["n1", "198.19.1.3"],
  ["n2", "198.19.1.4"],
]);

describe("BIRD parser", () => {
  const routes = parseBirdRoutes(fixture("bird-show-route-all.txt"), (p) => BIRD_PEERS.get(p));

  it("reads every path of a prefix, continuation lines included, and flags the best", () => {
    const paths = routes.filter((r) => r.prefix === "192.0.2.0/24");
    expect(paths.map((r) => [r.fromPeer, r.best])).toEqual([
      ["198.19.1.2", true],
      ["198.19.1.3", false],
      ["198.19.1.4", false],
    ]);
  });

  it("normalizes attributes", () => {
    const [frr, gobgp, exabgp] = routes;
    expect(frr).toEqual({
      prefix: "192.0.2.0/24",
      nextHop: "198.19.1.2",
      asPath: [65002],
      origin: "igp",
      med: 0,
      localPref: 100,
      communities: ["65002:1"],
      largeCommunities: ["65002:2:3"],
      fromPeer: "198.19.1.2",
      best: true,
    });
    expect(gobgp).toMatchObject({ origin: "egp", med: 5, communities: [] });
    expect(exabgp).toMatchObject({ asPath: [65004, 65040, 65041] });
    expect(exabgp?.med).toBeUndefined();
  });

  it("reads the session state", () => {
    expect(parseBirdProtocolState(fixture("bird-show-protocols-all.txt"))).toBe("Established");
    expect(() => parseBirdProtocolState("BIRD 2.0.12 ready.\n")).toThrow(/no such protocol/);
  });
});

describe("FRR parser", () => {
  const routes = parseFrrRoutes(fixture("frr-ipv4-json-detail.json"));

  it("reads local and learned paths of a prefix with one best", () => {
    const paths = routes.filter((r) => r.prefix === "192.0.2.0/24");
    expect(paths.length).toBeGreaterThanOrEqual(2);
    expect(paths.filter((r) => r.best)).toHaveLength(1);
    const local = paths.find((r) => r.fromPeer === undefined);
    expect(local).toMatchObject({
      nextHop: "0.0.0.0",
      asPath: [],
      communities: ["65002:1"],
      largeCommunities: ["65002:2:3"],
    });
    const fromGobgp = paths.find((r) => r.fromPeer === "198.19.1.3");
    expect(fromGobgp).toMatchObject({ nextHop: "198.19.1.3", asPath: [65003], origin: "egp", med: 5 });
  });

  it("reads the neighbour state", () => {
    expect(parseFrrNeighborState(fixture("frr-neighbor.json"), "198.19.1.1")).toBe("Established");
    expect(() => parseFrrNeighborState("{}", "198.19.1.9")).toThrow(/no neighbor/);
    expect(() => parseFrrRoutes("not json")).toThrow(expect.objectContaining({ code: "PARSE_FAILED" }));
  });
});

describe("GoBGP parser", () => {
  const routes = parseGobgpRib(fixture("gobgp-rib-ipv4.json"));

  it("reads all paths, decoding numeric communities and large communities", () => {
    const paths = routes.filter((r) => r.prefix === "192.0.2.0/24");
    expect(paths.filter((r) => r.best)).toHaveLength(1);
    expect(paths.find((r) => r.fromPeer === undefined)).toMatchObject({
      origin: "egp",
      med: 5,
      nextHop: "0.0.0.0",
    });
    expect(paths.find((r) => r.fromPeer === "198.19.1.2")).toMatchObject({
      asPath: [65002],
      communities: ["65002:1"],
      largeCommunities: ["65002:2:3"],
    });
    expect(routes.some((r) => r.prefix === "198.51.100.0/24")).toBe(false);
    expect(parseGobgpRib("{}")).toEqual([]);
  });

  it("maps session_state numbers and names", () => {
    expect(parseGobgpNeighborState(fixture("gobgp-neighbor.json"))).toBe("Established");
    expect(parseGobgpNeighborState('{"state":{"session_state":3}}')).toBe("Active");
    expect(parseGobgpNeighborState('{"state":{"session_state":"OPENSENT"}}')).toBe("OpenSent");
  });
});

describe("ExaBGP log replay", () => {
  it("applies announcements and withdrawals in order", () => {
    const { routes, states } = replayExabgpLog(fixture("exabgp-received.jsonl"));
    expect(states.get("198.19.1.1")).toBe("Established");
    // 198.51.100.0/24 was announced, then withdrawn.
    expect(fixture("exabgp-received.jsonl")).toContain("198.51.100.0/24");
    expect(routes.map((r) => r.prefix)).toEqual(["192.0.2.0/24"]);
    // On a shared segment BIRD passes FRR's address on as a third-party next hop (RFC 4271 §5.1.3).
    expect(routes[0]).toMatchObject({
      fromPeer: "198.19.1.1",
      nextHop: "198.19.1.2",
      asPath: [65001, 65002],
    });
  });

  it("forgets a peer's routes when its session goes down and skips a torn last line", () => {
    const down = JSON.stringify({
      type: "state",
      neighbor: { address: { peer: "198.19.1.1" }, state: "down" },
    });
    const { routes, states } = replayExabgpLog(`${fixture("exabgp-received.jsonl")}${down}\n{"type": "upd`);
    expect(states.get("198.19.1.1")).toBe("Idle");
    expect(routes).toEqual([]);
  });
});

describe("subnetContains", () => {
  it("compares the network part for IPv4 and IPv6", () => {
    expect(subnetContains("198.18.1.1/24", "198.18.1.200")).toBe(true);
    expect(subnetContains("198.18.1.1/24", "198.18.2.1")).toBe(false);
    expect(subnetContains("2001:db8:1::1/64", "2001:db8:1::ffff")).toBe(true);
    expect(subnetContains("2001:db8:1::1/64", "2001:db8:2::1")).toBe(false);
    expect(subnetContains("198.18.1.1/24", "2001:db8:1::1")).toBe(false);
  });
});
