/**
 * Interop with BIRD 2: our speaker (the tsbgp-speaker CLI) and BIRD in two network namespaces
 * joined by a veth link, IPv4 198.18.x.0/24 and IPv6 2001:db8:x::/64.
 */
import { Bird, type Host, Lab, type Link } from "@tsbgp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OurSpeaker, announced } from "./interop/our-speaker.js";

const OUR_AS = 4200000001;
const BIRD_AS = 4200000002;

let lab: Lab;
let us: Host;
let them: Host;
let link: Link;

beforeAll(async () => {
  lab = await Lab.create();
  us = await lab.host("us");
  them = await lab.host("bird");
  link = await lab.link(us, them);
});
afterAll(async () => {
  await lab?.destroy();
});

const v4 = () => ({ ours: link.a.v4!, theirs: link.b.v4! });
const v6 = () => ({ ours: link.a.v6!, theirs: link.b.v6! });

describe("BIRD 2", () => {
  it("eBGP over IPv4 and IPv6 with 4-octet AS numbers: routes and attributes both ways", async () => {
    const bird = await Bird.start(them, {
      routerId: v4().theirs,
      localAs: BIRD_AS,
      neighbors: [
        { address: v4().ours, remoteAs: OUR_AS },
        { address: v6().ours, remoteAs: OUR_AS },
      ],
      announce: [
        {
          prefix: "198.51.100.0/24",
          communities: ["65002:7"],
          largeCommunities: ["4200000002:1:1"],
          med: 30,
        },
        { prefix: "2001:db8:200::/48", communities: ["65002:8"] },
      ],
    });
    const ours = OurSpeaker.start(lab, us, {
      localAs: OUR_AS,
      routerId: v4().ours,
      listen: { address: "::", port: 179 },
      peers: [
        { address: v4().theirs, peerAs: BIRD_AS, families: ["ipv4-unicast"] },
        { address: v6().theirs, peerAs: BIRD_AS, families: ["ipv6-unicast"] },
      ],
      announce: [
        {
          prefixes: ["203.0.113.0/24", "2001:db8:100::/48"],
          communities: ["65001:100"],
          largeCommunities: ["4200000001:5:6"],
          med: 42,
        },
      ],
    });
    try {
      await bird.waitEstablished(v4().ours);
      await bird.waitEstablished(v6().ours);
      const r4 = await bird.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: v4().ours });
      expect(r4).toMatchObject({
        asPath: [OUR_AS],
        med: 42,
        nextHop: v4().ours,
        communities: ["65001:100"],
        largeCommunities: ["4200000001:5:6"],
      });
      const r6 = await bird.waitForRoute({ prefix: "2001:db8:100::/48", fromPeer: v6().ours });
      expect(r6).toMatchObject({ asPath: [OUR_AS], nextHop: v6().ours, communities: ["65001:100"] });
      const got4 = await ours.waitLine(announced("198.51.100.0/24"));
      expect(got4).toMatchObject({
        peer: v4().theirs,
        asPath: [BIRD_AS],
        med: 30,
        nextHop: v4().theirs,
        communities: ["65002:7"],
        largeCommunities: ["4200000002:1:1"],
      });
      const got6 = await ours.waitLine(announced("2001:db8:200::/48"));
      expect(got6).toMatchObject({
        peer: v6().theirs,
        asPath: [BIRD_AS],
        nextHop: v6().theirs,
        communities: ["65002:8"],
      });
      const est = ours.lines().filter((l) => l.event === "established");
      expect(est.map((l) => l.asn4)).toEqual([true, true]);
    } finally {
      await ours.stop();
      await bird.stop();
    }
  });

  it("iBGP carries LOCAL_PREF; a wrong AS gets OPEN / Bad Peer AS", async () => {
    const bird = await Bird.start(them, {
      routerId: v4().theirs,
      localAs: OUR_AS,
      neighbors: [
        { address: v4().ours, remoteAs: OUR_AS },
        { address: v6().ours, remoteAs: 65099 },
      ],
      announce: [{ prefix: "198.51.100.0/24", localPref: 321 }],
    });
    const ours = OurSpeaker.start(lab, us, {
      localAs: OUR_AS,
      routerId: v4().ours,
      listen: { address: "::", port: 179 },
      peers: [
        { address: v4().theirs, peerAs: OUR_AS },
        // BIRD is misconfigured for this one: it expects AS 65099 from us.
        { address: v6().theirs, peerAs: OUR_AS, families: ["ipv6-unicast"] },
      ],
      announce: [{ prefixes: ["203.0.113.0/24"], localPref: 250 }],
    });
    try {
      const r = await bird.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: v4().ours });
      expect(r).toMatchObject({ localPref: 250, asPath: [] });
      expect(await ours.waitLine(announced("198.51.100.0/24"))).toMatchObject({ localPref: 321, asPath: [] });
      const n = await ours.waitLine(
        (l) => l.event === "notification-received" && l.peer === v6().theirs && l.code === 2,
      );
      expect(n).toMatchObject({ code: 2, subcode: 2, description: "OPEN Message Error / Bad Peer AS" });
    } finally {
      await ours.stop();
      await bird.stop();
    }
  });

  it("hold timer expires when BIRD is frozen, and the session comes back after", async () => {
    const bird = await Bird.start(them, {
      routerId: v4().theirs,
      localAs: BIRD_AS,
      neighbors: [{ address: v4().ours, remoteAs: OUR_AS, holdTime: 6 }],
    });
    const ours = OurSpeaker.start(lab, us, {
      localAs: OUR_AS,
      routerId: v4().ours,
      listen: { address: "::", port: 179 },
      peers: [{ address: v4().theirs, peerAs: BIRD_AS, holdTime: 6, fsm: { idleHoldTime: 1 } }],
    });
    try {
      await ours.waitLine((l) => l.event === "established");
      bird.pause();
      const sent = await ours.waitLine((l) => l.event === "notification-sent", 15_000);
      expect(sent).toMatchObject({ code: 4, subcode: 0 });
      expect(await ours.waitLine((l) => l.event === "down")).toMatchObject({
        code: "ERR_BGP_HOLD_TIMER_EXPIRED",
      });
      bird.resume();
      const skip = ours.lines().length;
      await ours.waitLine((l) => l.event === "established", 25_000, skip);
    } finally {
      bird.resume();
      await ours.stop();
      await bird.stop();
    }
  });

  it("answers BIRD's route refresh and keeps BIRD's routes stale across its restart (graceful restart)", async () => {
    const bird = await Bird.start(them, {
      routerId: v4().theirs,
      localAs: BIRD_AS,
      neighbors: [{ address: v4().ours, remoteAs: OUR_AS, gracefulRestart: { restartTime: 60 } }],
      announce: [{ prefix: "198.51.100.0/24" }],
    });
    const ours = OurSpeaker.start(lab, us, {
      localAs: OUR_AS,
      routerId: v4().ours,
      listen: { address: "::", port: 179 },
      peers: [
        {
          address: v4().theirs,
          peerAs: BIRD_AS,
          capabilities: { gracefulRestart: { restartTime: 60 } },
          fsm: { idleHoldTime: 1 },
        },
      ],
      announce: [{ prefixes: ["203.0.113.0/24"] }],
    });
    try {
      const est = await ours.waitLine((l) => l.event === "established");
      expect(est).toMatchObject({ gracefulRestart: true, routeRefresh: true });
      await ours.waitLine(announced("198.51.100.0/24"));
      await them.exec("birdc", ["-s", `${bird.workdir}/bird.ctl`, "reload in n0"]);
      await ours.waitLine((l) => l.event === "route-refresh");
      // Kill BIRD outright (no NOTIFICATION), as a crash would, then bring it back.
      for (const pid of bird.pids()) process.kill(pid, "SIGKILL");
      const stale = await ours.waitLine((l) => l.event === "routes-stale");
      expect(stale).toMatchObject({ families: ["1/1"], restartTime: 60 });
      const skip = ours.lines().length;
      await bird.restart();
      await ours.waitLine((l) => l.event === "established", 25_000, skip);
      await ours.waitLine((l) => l.event === "routes-stale-purged", 25_000, skip);
      expect(
        ours
          .lines()
          .slice(skip)
          .some((l) => l.event === "routes-flushed"),
      ).toBe(false);
      await bird.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: v4().ours });
    } finally {
      await ours.stop();
      await bird.stop();
    }
  });

  it("both sides connecting end in one session; a collision keeps the higher identifier's connection (RFC 4271 §6.8)", async () => {
    // Our speaker starts first and connects while BIRD (connect delay 1 s, retry 2 s) keeps
    // trying too; the loopback tests force the collision itself with a scripted peer.
    const ours = OurSpeaker.start(lab, us, {
      localAs: OUR_AS,
      routerId: v4().ours,
      listen: { address: "::", port: 179 },
      peers: [{ address: v4().theirs, peerAs: BIRD_AS, connectRetryTime: 1, fsm: { idleHoldTime: 1 } }],
      announce: [{ prefixes: ["203.0.113.0/24"] }],
    });
    const bird = await Bird.start(them, {
      routerId: v4().theirs,
      localAs: BIRD_AS,
      neighbors: [{ address: v4().ours, remoteAs: OUR_AS }],
      announce: [{ prefix: "198.51.100.0/24" }],
    });
    try {
      await ours.waitLine((l) => l.event === "established", 25_000);
      await ours.waitLine(announced("198.51.100.0/24"));
      await bird.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: v4().ours });
      await new Promise((r) => setTimeout(r, 3000));
      expect(ours.lines().filter((l) => l.event === "established")).toHaveLength(1);
      expect(await bird.peerState(v4().ours)).toBe("Established");
      for (const c of ours
        .lines()
        .filter((l) => l.event === "log" && String(l.message).includes("connection collision"))) {
        // BIRD's identifier (198.18.x.2) is higher than ours (198.18.x.1).
        expect(String(c.message)).toContain("keeping the remote connection");
      }
    } finally {
      await ours.stop();
      await bird.stop();
    }
  });
});
