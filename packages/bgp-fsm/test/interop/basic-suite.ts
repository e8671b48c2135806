/**
 * The interop checks every daemon gets: eBGP over IPv4 and IPv6 with 4-octet AS numbers and
 * attributes both ways, iBGP with LOCAL_PREF, and the NOTIFICATION of a peer expecting another AS.
 */
import { type BgpDaemon, type DaemonOptions, type Host, Lab, type Link } from "@tsbgp/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OurSpeaker, announced } from "./our-speaker.js";

/** What differs between daemons. */
export interface SuiteOptions {
  readonly name: string;
  readonly start: (host: Host, options: DaemonOptions) => Promise<BgpDaemon>;
  /** The daemon only accepts connections (ours connects), e.g. GoBGP's slow first connect. */
  readonly daemonPassive?: boolean;
  /** The daemon's `routes()` lists only what it received, so it cannot show its own announcements. */
  readonly receivedOnly?: boolean;
  /** Also run the frozen-peer (SIGSTOP) hold timer and restart checks. */
  readonly sessionChecks?: boolean;
}

const OUR_AS = 4200000001;
const THEIR_AS = 4200000002;

/** Registers the suite for one daemon. */
export function basicInterop(o: SuiteOptions): {
  lab: () => Lab;
  hosts: () => { us: Host; them: Host; link: Link };
} {
  let lab: Lab;
  let us: Host;
  let them: Host;
  let link: Link;
  let link2: Link;
  beforeAll(async () => {
    lab = await Lab.create();
    us = await lab.host("us");
    them = await lab.host(o.name);
    link = await lab.link(us, them);
    link2 = await lab.link(us, them);
  });
  afterAll(async () => {
    await lab?.destroy();
  });
  const passive = o.daemonPassive ? { passive: true } : {};

  describe(`${o.name}: basic interop`, () => {
    it("eBGP over IPv4 and IPv6 with 4-octet AS numbers: routes and attributes both ways", async () => {
      const a4 = link.a.v4!;
      const b4 = link.b.v4!;
      const a6 = link.a.v6!;
      const b6 = link.b.v6!;
      const daemon = await o.start(them, {
        routerId: b4,
        localAs: THEIR_AS,
        neighbors: [
          { address: a4, remoteAs: OUR_AS, families: ["ipv4"], ...passive },
          { address: a6, remoteAs: OUR_AS, families: ["ipv6"], ...passive },
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
        routerId: a4,
        listen: { address: "::", port: 179 },
        peers: [
          { address: b4, peerAs: THEIR_AS, families: ["ipv4-unicast"] },
          { address: b6, peerAs: THEIR_AS, families: ["ipv6-unicast"] },
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
        await daemon.waitEstablished(a4);
        await daemon.waitEstablished(a6);
        const r4 = await daemon.waitForRoute({ prefix: "203.0.113.0/24" });
        expect(r4).toMatchObject({
          asPath: [OUR_AS],
          med: 42,
          nextHop: a4,
          communities: ["65001:100"],
          largeCommunities: ["4200000001:5:6"],
        });
        const r6 = await daemon.waitForRoute({ prefix: "2001:db8:100::/48" });
        expect(r6).toMatchObject({ asPath: [OUR_AS], nextHop: a6, communities: ["65001:100"] });
        const got4 = await ours.waitLine(announced("198.51.100.0/24"));
        expect(got4).toMatchObject({
          peer: b4,
          asPath: [THEIR_AS],
          med: 30,
          communities: ["65002:7"],
          largeCommunities: ["4200000002:1:1"],
        });
        const got6 = await ours.waitLine(announced("2001:db8:200::/48"));
        expect(got6).toMatchObject({ peer: b6, asPath: [THEIR_AS], communities: ["65002:8"] });
        expect(String(got6.nextHop)).toMatch(/^2001:db8:/);
        expect(
          ours
            .lines()
            .filter((l) => l.event === "established")
            .map((l) => l.asn4),
        ).toEqual([true, true]);
      } finally {
        await ours.stop();
        await daemon.stop();
      }
    });

    it("iBGP over IPv4 and IPv6 carries LOCAL_PREF; a peer expecting another AS answers OPEN / Bad Peer AS", async () => {
      const a4 = link.a.v4!;
      const b4 = link.b.v4!;
      const a6 = link.a.v6!;
      const b6 = link.b.v6!;
      const c6 = link2.a.v6!;
      const d6 = link2.b.v6!;
      const daemon = await o.start(them, {
        routerId: b4,
        localAs: OUR_AS,
        neighbors: [
          { address: a4, remoteAs: OUR_AS, families: ["ipv4"], ...passive },
          { address: c6, remoteAs: OUR_AS, families: ["ipv6"], ...passive },
          { address: a6, remoteAs: 65099, families: ["ipv6"], ...passive },
        ],
        announce: [
          { prefix: "198.51.100.0/24", localPref: 321 },
          { prefix: "2001:db8:300::/48", localPref: 322 },
        ],
      });
      const ours = OurSpeaker.start(lab, us, {
        localAs: OUR_AS,
        routerId: a4,
        listen: { address: "::", port: 179 },
        peers: [
          { address: b4, peerAs: OUR_AS, families: ["ipv4-unicast"] },
          { address: d6, peerAs: OUR_AS, families: ["ipv6-unicast"] },
          { address: b6, peerAs: OUR_AS, families: ["ipv6-unicast"] },
        ],
        announce: [{ prefixes: ["203.0.113.0/24", "2001:db8:100::/48"], localPref: 250 }],
      });
      try {
        await daemon.waitEstablished(a4);
        await daemon.waitEstablished(c6);
        expect(await daemon.waitForRoute({ prefix: "203.0.113.0/24" })).toMatchObject({
          localPref: 250,
          asPath: [],
        });
        expect(await daemon.waitForRoute({ prefix: "2001:db8:100::/48" })).toMatchObject({
          localPref: 250,
          asPath: [],
          nextHop: c6,
        });
        if (!o.receivedOnly) {
          expect(await ours.waitLine(announced("198.51.100.0/24"))).toMatchObject({
            peer: b4,
            localPref: 321,
            asPath: [],
          });
          expect(await ours.waitLine(announced("2001:db8:300::/48"))).toMatchObject({
            peer: d6,
            localPref: 322,
            asPath: [],
          });
        }
        const n = await ours.waitLine(
          (l) => l.event === "notification-received" && l.peer === b6 && l.code === 2,
        );
        expect(n).toMatchObject({ code: 2, subcode: 2, description: "OPEN Message Error / Bad Peer AS" });
      } finally {
        await ours.stop();
        await daemon.stop();
      }
    });

    if (o.sessionChecks) {
      it("expires the hold timer of a frozen daemon, then reconnects; reconnects after a restart", async () => {
        const a4 = link.a.v4!;
        const b4 = link.b.v4!;
        const daemon = await o.start(them, {
          routerId: b4,
          localAs: 65002,
          neighbors: [{ address: a4, remoteAs: 65001, holdTime: 6, ...passive }],
          announce: [{ prefix: "198.51.100.0/24" }],
        });
        const ours = OurSpeaker.start(lab, us, {
          localAs: 65001,
          routerId: a4,
          listen: { address: "::", port: 179 },
          peers: [{ address: b4, peerAs: 65002, holdTime: 6, connectRetryTime: 2, fsm: { idleHoldTime: 1 } }],
        });
        try {
          await ours.waitLine(announced("198.51.100.0/24"), 25_000);
          daemon.pause();
          expect(await ours.waitLine((l) => l.event === "notification-sent", 15_000)).toMatchObject({
            code: 4,
            subcode: 0,
          });
          daemon.resume();
          const skip = ours.lines().length;
          await ours.waitLine((l) => l.event === "established", 28_000, skip);
          const skip2 = ours.lines().length;
          await daemon.restart();
          await ours.waitLine((l) => l.event === "established", 28_000, skip2);
          await ours.waitLine(announced("198.51.100.0/24"), 15_000, skip2);
        } finally {
          daemon.resume();
          await ours.stop();
          await daemon.stop();
        }
      }, 90_000);
    }
  });
  return { lab: () => lab, hosts: () => ({ us, them, link }) };
}
