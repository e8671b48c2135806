import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "@tsbgp/testkit";
import {
  type InProcessCluster,
  routeReachability,
  startInProcessCluster,
} from "../../src/demo/in-process.js";

let cluster: InProcessCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const established = (c: InProcessCluster) =>
  c.agents.flatMap((a) => a.peers).filter((l) => l.session.state === "Established").length;

describe("agents in one process on loopback", () => {
  it("full mesh of 3: every node learns every block with the owner as next hop", async () => {
    cluster = await startInProcessCluster({ nodes: 3, mode: "mesh", port: 17901, subnet: 11 });
    const c = cluster;
    await waitFor(async () => (await routeReachability(c)).ok === 6, { timeoutMs: 20_000 });
    expect(established(c)).toBe(6); // 3 sessions, seen from both ends
    const r2 = await c.backends[1]!.listRoutes({ family: 4 });
    expect(
      r2
        .map(
          (r) =>
            `${r.prefix.address}/${r.prefix.length} ${r.kind} ${r.nexthops.map((h) => h.gateway).join(",")}`,
        )
        .sort(),
    ).toEqual([
      "198.18.129.0/26 unicast 127.0.11.1",
      "198.18.130.0/26 blackhole ",
      "198.18.131.0/26 unicast 127.0.11.3",
    ]);
    const status = c.agents[0]!.status();
    expect(status.map((s) => [s.address, s.type, s.state, s.routesIn])).toEqual([
      ["127.0.11.2", "node-to-node mesh", "Established", 1],
      ["127.0.11.3", "node-to-node mesh", "Established", 1],
    ]);
  }, 30_000);
});

describe("route reflection in one process", () => {
  it("two reflectors and four clients: about 2N sessions, every client learns every block", async () => {
    cluster = await startInProcessCluster({ nodes: 6, mode: "rr", port: 17902, subnet: 12 });
    const c = cluster;
    await waitFor(async () => (await routeReachability(c)).ok === 12, { timeoutMs: 20_000 });
    // 1 reflector-reflector session + 2 per client = 9, seen from both ends.
    expect(established(c)).toBe(18);
    const client = c.agents[3]!.status();
    expect(client.map((s) => [s.address, s.type])).toEqual([
      ["127.0.12.1", "route reflector"],
      ["127.0.12.2", "route reflector"],
    ]);
    // A client hears each other block from both reflectors: same next hop (the owner), kept once.
    const r4 = await c.backends[3]!.listRoutes({ family: 4 });
    const viaOwner = r4.find((r) => r.prefix.address === "198.18.134.0");
    expect(viaOwner?.nexthops.map((h) => h.gateway)).toEqual(["127.0.12.6"]);
  }, 30_000);
});
