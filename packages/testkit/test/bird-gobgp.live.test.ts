import { beforeAll, describe, expect, it } from "vitest";
import { Bird, GoBgp, type Link } from "../src/index.js";
import { useLab } from "./helpers/use-lab.js";

// BIRD (AS 65001) <-> GoBGP (AS 65002), eBGP over IPv4 and IPv6 sessions on one veth link.
describe("BIRD <-> GoBGP eBGP", () => {
  const getLab = useLab();
  let bird: Bird;
  let gobgp: GoBgp;
  let link: Link;

  beforeAll(async () => {
    const lab = await getLab();
    const r1 = await lab.host("r1");
    const r2 = await lab.host("r2");
    link = await lab.link(r1, r2);
    const [a, b] = [link.a, link.b];
    bird = await Bird.start(r1, {
      routerId: "198.18.1.1",
      localAs: 65001,
      neighbors: [
        { address: b.v4!, remoteAs: 65002 },
        { address: b.v6!, remoteAs: 65002 },
      ],
      announce: [
        { prefix: "203.0.113.0/24", communities: ["65001:100"], largeCommunities: ["65001:1:2"], med: 50 },
        { prefix: "2001:db8:ff::/48", communities: ["65001:600"], asPathPrepend: [64600] },
      ],
    });
    gobgp = await GoBgp.start(r2, {
      routerId: "198.18.1.2",
      localAs: 65002,
      neighbors: [
        { address: a.v4!, remoteAs: 65001, passive: true, gracefulRestart: { restartTime: 45 } },
        { address: a.v6!, remoteAs: 65001 },
      ],
      announce: [
        { prefix: "198.51.100.0/24", communities: ["65002:7", "65002:9"], med: 20, origin: "egp" },
        { prefix: "2001:db8:ee::/48", largeCommunities: ["65002:3:4"], asPathPrepend: [64700, 64701] },
      ],
    });
    await Promise.all([
      bird.waitEstablished(b.v4!),
      bird.waitEstablished(b.v6!),
      gobgp.waitEstablished(a.v4!),
      gobgp.waitEstablished(a.v6!),
    ]);
  });

  it("both sides report the sessions Established", async () => {
    expect(await bird.peerState(link.b.v4!)).toBe("Established");
    expect(await gobgp.peerState(link.a.v6!)).toBe("Established");
  });

  it("GoBGP advertises graceful restart on the IPv4 session only", async () => {
    // BIRD lists what the neighbour advertised under "Neighbor capabilities".
    const v4 = await bird.birdc("show protocols all n0");
    expect(v4).toMatch(/Neighbor capabilities[\s\S]*Graceful restart[\s\S]*Restart time:\s+45/);
    expect(await bird.birdc("show protocols all n1")).not.toMatch(/Restart time:\s+45/);
  });

  it("GoBGP learns BIRD's IPv4 route with MED and communities", async () => {
    const route = await gobgp.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: link.a.v4! });
    expect(route).toMatchObject({
      nextHop: "198.18.1.1",
      asPath: [65001],
      origin: "igp",
      med: 50,
      communities: ["65001:100"],
      largeCommunities: ["65001:1:2"],
      best: true,
    });
  });

  it("GoBGP learns BIRD's IPv6 route with the prepended path", async () => {
    const route = await gobgp.waitForRoute({ prefix: "2001:db8:ff::/48", fromPeer: link.a.v6! });
    expect(route).toMatchObject({
      nextHop: "2001:db8:1::1",
      asPath: [65001, 64600],
      communities: ["65001:600"],
    });
  });

  it("BIRD learns GoBGP's IPv4 and IPv6 routes with their attributes", async () => {
    const v4 = await bird.waitForRoute({ prefix: "198.51.100.0/24" });
    expect(v4).toMatchObject({
      fromPeer: "198.18.1.2",
      nextHop: "198.18.1.2",
      asPath: [65002],
      origin: "egp",
      med: 20,
      communities: ["65002:7", "65002:9"],
      largeCommunities: [],
      best: true,
    });
    const v6 = await bird.waitForRoute({ prefix: "2001:db8:ee::/48" });
    expect(v6).toMatchObject({
      fromPeer: "2001:db8:1::2",
      nextHop: "2001:db8:1::2",
      asPath: [65002, 64700, 64701],
      largeCommunities: ["65002:3:4"],
    });
  });

  it("a route GoBGP withdraws at run time disappears from BIRD", async () => {
    await gobgp.announce({ prefix: "198.51.101.0/24", communities: ["65002:11"] });
    await bird.waitForRoute({ prefix: "198.51.101.0/24", where: (r) => r.communities.includes("65002:11") });
    await gobgp.withdraw("198.51.101.0/24");
    await expect
      .poll(async () => (await bird.routes()).some((r) => r.prefix === "198.51.101.0/24"), {
        timeout: 10_000,
      })
      .toBe(false);
  });

  it("lists locally originated routes without fromPeer", async () => {
    const local = (await bird.routes()).find((r) => r.prefix === "203.0.113.0/24");
    expect(local).toMatchObject({ best: true, communities: ["65001:100"] });
    expect(local?.fromPeer).toBeUndefined();
    // The driver sets MED in BIRD's export filter (BIRD drops non-filter MEDs on eBGP), so the
    // table copy has none while GoBGP received 50 (see above).
    expect(local?.med).toBeUndefined();
  });
});
