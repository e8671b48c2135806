/** The `show route all` parser against real BIRD 2.0.12 output with `deterministic med on`. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBirdPaths } from "./bird-routes.js";

const TEXT = readFileSync(
  new URL("../fixtures/bird-show-route-all-deterministic-med.txt", import.meta.url),
  "utf8",
);
const PEERS: Record<string, string> = {
  n0: "198.19.1.3",
  n1: "2001:db8:101::3",
  n2: "198.19.1.4",
  n4: "198.19.1.5",
  n3: "2001:db8:101::4",
  n6: "198.19.1.6",
  n7: "2001:db8:101::6",
};
const paths = parseBirdPaths(TEXT, (p) => PEERS[p]);

describe("parseBirdPaths", () => {
  it("reads every path of every prefix, in both tables", () => {
    expect(paths.map((p) => `${p.prefix} ${p.fromPeer}`)).toEqual([
      "198.18.128.0/26 198.19.1.5",
      "198.18.128.0/26 198.19.1.4",
      "198.18.128.0/26 198.19.1.3",
      "198.18.128.0/26 198.19.1.6",
      "198.18.160.0/26 198.19.1.5",
      "198.18.160.0/26 198.19.1.4",
      "2001:db8:8039::/48 2001:db8:101::3",
      "2001:db8:8039::/48 2001:db8:101::4",
      "2001:db8:8039::/48 2001:db8:101::6",
    ]);
  });

  it("keeps a path BIRD suppressed by deterministic MED, `(100-)`, apart from the one above", () => {
    const suppressed = paths.filter((p) => p.suppressed);
    expect(suppressed.map((p) => p.fromPeer)).toEqual(["198.19.1.3", "198.19.1.4"]);
    const [first] = suppressed;
    expect(first).toMatchObject({
      prefix: "198.18.128.0/26",
      best: false,
      asPath: [65001, 64700, 64702],
      med: 4,
      communities: ["65001:4"],
    });
    // The best path above it keeps only its own attributes.
    expect(paths[0]).toMatchObject({ best: true, localPref: 200 });
    expect(paths[0]?.med).toBeUndefined();
  });

  it("reads ORIGINATOR_ID, CLUSTER_LIST, origin and IPv6 next hops", () => {
    expect(paths[0]).toMatchObject({
      origin: "egp",
      communities: ["65000:1", "65000:2"],
      clusterList: ["10.9.0.1", "10.9.0.2"],
    });
    expect(paths[4]).toMatchObject({ originatorId: "10.0.0.6", asPath: [65002, 64604] });
    expect(paths[5]).toMatchObject({ origin: "incomplete", nextHop: "198.19.1.201", med: 3 });
    expect(paths[6]).toMatchObject({ best: true, nextHop: "2001:db8:101::c8", origin: "igp" });
  });
});
