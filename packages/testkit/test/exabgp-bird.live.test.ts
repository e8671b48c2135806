import { beforeAll, describe, expect, it } from "vitest";
import { Bird, ExaBgp, type Link } from "../src/index.js";
import { useLab } from "./helpers/use-lab.js";

// ExaBGP (AS 65020, passive on IPv6) <-> BIRD (AS 65001): static routes with attributes one way,
// ExaBGP's received-updates log the other way, and the log following a session going down.
describe("ExaBGP <-> BIRD eBGP", () => {
  const getLab = useLab();
  let exabgp: ExaBgp;
  let bird: Bird;
  let link: Link;

  beforeAll(async () => {
    const lab = await getLab();
    const x = await lab.host("exa");
    const b = await lab.host("bird");
    link = await lab.link(x, b);
    exabgp = await ExaBgp.start(x, {
      routerId: "198.18.1.1",
      localAs: 65020,
      neighbors: [
        { address: link.b.v4!, remoteAs: 65001, gracefulRestart: { restartTime: 33 } },
        { address: link.b.v6!, remoteAs: 65001, passive: true },
      ],
      announce: [
        {
          prefix: "198.51.100.0/24",
          med: 44,
          origin: "egp",
          communities: ["65020:1", "65020:2"],
          largeCommunities: ["65020:5:6"],
          asPathPrepend: [65021],
        },
        { prefix: "2001:db8:ee::/48", communities: ["65020:3"] },
      ],
    });
    bird = await Bird.start(b, {
      routerId: "198.18.1.2",
      localAs: 65001,
      neighbors: [
        { address: link.a.v4!, remoteAs: 65020, passive: true },
        { address: link.a.v6!, remoteAs: 65020 },
      ],
      announce: [
        { prefix: "203.0.113.0/24", communities: ["65001:100"], med: 5 },
        { prefix: "2001:db8:ff::/48", largeCommunities: ["65001:7:8"] },
      ],
    });
    await Promise.all([exabgp.waitEstablished(link.b.v4!), exabgp.waitEstablished(link.b.v6!)]);
  });

  it("BIRD receives ExaBGP's static routes with their attributes", async () => {
    const v4 = await bird.waitForRoute({ prefix: "198.51.100.0/24", fromPeer: link.a.v4! });
    expect(v4).toMatchObject({
      nextHop: "198.18.1.1",
      asPath: [65020, 65021],
      origin: "egp",
      med: 44,
      communities: ["65020:1", "65020:2"],
      largeCommunities: ["65020:5:6"],
    });
    const v6 = await bird.waitForRoute({ prefix: "2001:db8:ee::/48", fromPeer: link.a.v6! });
    expect(v6).toMatchObject({ nextHop: "2001:db8:1::1", asPath: [65020], communities: ["65020:3"] });
  });

  it("ExaBGP advertises graceful restart where configured", async () => {
    expect(await bird.birdc("show protocols all n0")).toMatch(
      /Neighbor capabilities[\s\S]*Restart time:\s+33/,
    );
  });

  it("ExaBGP records what BIRD announced", async () => {
    const v4 = await exabgp.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: link.b.v4! });
    expect(v4).toMatchObject({ nextHop: "198.18.1.2", asPath: [65001], med: 5, communities: ["65001:100"] });
    const v6 = await exabgp.waitForRoute({ prefix: "2001:db8:ff::/48", fromPeer: link.b.v6! });
    expect(v6).toMatchObject({ nextHop: "2001:db8:1::2", largeCommunities: ["65001:7:8"] });
  });

  it("ExaBGP's view follows BIRD going away and coming back", async () => {
    await bird.stop();
    await expect.poll(() => exabgp.peerState(link.b.v4!), { timeout: 15_000 }).not.toBe("Established");
    expect((await exabgp.routes()).filter((r) => r.fromPeer === link.b.v4!)).toEqual([]);
    await bird.restart();
    await exabgp.waitEstablished(link.b.v4!);
    await exabgp.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: link.b.v4! });
  });
});
