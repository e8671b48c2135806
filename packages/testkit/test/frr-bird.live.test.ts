import { beforeAll, describe, expect, it } from "vitest";
import { Bird, Frr, type Link } from "../src/index.js";
import { useLab } from "./helpers/use-lab.js";

// FRR and BIRD as iBGP peers in AS 65010, IPv4 and IPv6, graceful restart on the IPv4 session.
describe("FRR <-> BIRD iBGP", () => {
  const getLab = useLab();
  let frr: Frr;
  let bird: Bird;
  let link: Link;

  beforeAll(async () => {
    const lab = await getLab();
    const f = await lab.host("frr");
    const b = await lab.host("bird");
    link = await lab.link(f, b);
    frr = await Frr.start(f, {
      routerId: "198.18.1.1",
      localAs: 65010,
      neighbors: [
        { address: link.b.v4!, remoteAs: 65010, gracefulRestart: { restartTime: 60 } },
        { address: link.b.v6!, remoteAs: 65010 },
      ],
      announce: [
        {
          prefix: "198.51.100.0/24",
          localPref: 250,
          med: 33,
          origin: "egp",
          communities: ["65010:7", "65010:9"],
          largeCommunities: ["65010:3:4"],
        },
        { prefix: "2001:db8:ee::/48", communities: ["65010:6"] },
      ],
    });
    bird = await Bird.start(b, {
      routerId: "198.18.1.2",
      localAs: 65010,
      neighbors: [
        { address: link.a.v4!, remoteAs: 65010, gracefulRestart: true },
        { address: link.a.v6!, remoteAs: 65010, passive: true },
      ],
      announce: [{ prefix: "203.0.113.0/24", localPref: 300, communities: ["65010:300"] }],
    });
    await Promise.all([frr.waitEstablished(link.b.v4!), frr.waitEstablished(link.b.v6!)]);
  });

  it("BIRD receives FRR's route with LOCAL_PREF, MED, ORIGIN and communities over iBGP", async () => {
    const route = await bird.waitForRoute({ prefix: "198.51.100.0/24", fromPeer: link.a.v4! });
    expect(route).toMatchObject({
      nextHop: "198.18.1.1",
      asPath: [],
      origin: "egp",
      med: 33,
      localPref: 250,
      communities: ["65010:7", "65010:9"],
      largeCommunities: ["65010:3:4"],
      best: true,
    });
    const v6 = await bird.waitForRoute({ prefix: "2001:db8:ee::/48", fromPeer: link.a.v6! });
    expect(v6).toMatchObject({ nextHop: "2001:db8:1::1", communities: ["65010:6"], localPref: 100 });
  });

  it("FRR receives BIRD's route with its LOCAL_PREF", async () => {
    const route = await frr.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: link.b.v4! });
    expect(route).toMatchObject({
      nextHop: "198.18.1.2",
      localPref: 300,
      communities: ["65010:300"],
      best: true,
    });
  });

  it("graceful restart is negotiated on the IPv4 session only", async () => {
    const v4 = await bird.birdc("show protocols all n0");
    const v6 = await bird.birdc("show protocols all n1");
    // BIRD lists the peer's capabilities; FRR advertises the restart time it was given.
    expect(v4).toMatch(/Neighbor capabilities[\s\S]*Graceful restart[\s\S]*Restart time:\s+60/);
    expect(v6).not.toMatch(/Restart time:\s+60/);
  });

  it("FRR restarts with the same config and the session comes back", async () => {
    const before = frr.pids();
    await frr.restart();
    expect(frr.pids()).toHaveLength(2);
    expect(frr.pids()).not.toEqual(before);
    await frr.waitEstablished(link.b.v4!);
    await frr.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: link.b.v4! });
  });
});
