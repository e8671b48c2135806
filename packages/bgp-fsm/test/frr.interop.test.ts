/** Interop with FRR's bgpd (vtysh JSON views), in network namespaces. */
import { Frr } from "@tsbgp/testkit";
import { describe, expect, it } from "vitest";
import { basicInterop } from "./interop/basic-suite.js";
import { OurSpeaker, announced } from "./interop/our-speaker.js";

const env = basicInterop({ name: "frr", start: (host, o) => Frr.start(host, o) });

describe("frr: session behaviour", () => {
  it("expires the hold timer when bgpd is frozen, answers route refresh, reconnects after a restart", async () => {
    const lab = env.lab();
    const { us, them, link } = env.hosts();
    const a4 = link.a.v4!;
    const b4 = link.b.v4!;
    const frr = await Frr.start(them, {
      routerId: b4,
      localAs: 65002,
      neighbors: [{ address: a4, remoteAs: 65001, holdTime: 6 }],
      announce: [{ prefix: "198.51.100.0/24" }],
    });
    const ours = OurSpeaker.start(lab, us, {
      localAs: 65001,
      routerId: a4,
      listen: { address: "::", port: 179 },
      peers: [{ address: b4, peerAs: 65002, holdTime: 6, fsm: { idleHoldTime: 1 } }],
      announce: [{ prefixes: ["203.0.113.0/24"] }],
    });
    try {
      await ours.waitLine(announced("198.51.100.0/24"));
      // Route refresh: FRR asks us to resend (RFC 2918) and we answer with our routes again.
      const before = ours.lines().length;
      await them.exec("vtysh", ["--vty_socket", frr.workdir, "-c", `clear bgp ${a4} soft in`]);
      await ours.waitLine((l) => l.event === "route-refresh", 15_000, before);
      await ours.waitLine((l) => l.event === "announced", 15_000, before);

      frr.pause();
      expect(await ours.waitLine((l) => l.event === "notification-sent", 15_000)).toMatchObject({
        code: 4,
        subcode: 0,
      });
      frr.resume();
      const skip = ours.lines().length;
      await ours.waitLine((l) => l.event === "established", 25_000, skip);

      // A restart of the whole daemon: we reconnect by ourselves and learn its routes again.
      const skip2 = ours.lines().length;
      await frr.restart();
      await ours.waitLine((l) => l.event === "down", 25_000, skip2);
      await ours.waitLine((l) => l.event === "established", 25_000, skip2);
      await ours.waitLine(announced("198.51.100.0/24"), 25_000, skip2);
      await frr.waitForRoute({ prefix: "203.0.113.0/24", fromPeer: a4 });
    } finally {
      frr.resume();
      await ours.stop();
      await frr.stop();
    }
  });

  it("keeps FRR's routes stale across a crash and restart of bgpd (graceful restart)", async () => {
    const lab = env.lab();
    const { us, them, link } = env.hosts();
    const a4 = link.a.v4!;
    const b4 = link.b.v4!;
    const frr = await Frr.start(them, {
      routerId: b4,
      localAs: 65002,
      neighbors: [{ address: a4, remoteAs: 65001, gracefulRestart: { restartTime: 60 } }],
      announce: [{ prefix: "198.51.100.0/24" }],
    });
    const ours = OurSpeaker.start(lab, us, {
      localAs: 65001,
      routerId: a4,
      listen: { address: "::", port: 179 },
      peers: [
        {
          address: b4,
          peerAs: 65002,
          capabilities: { gracefulRestart: { restartTime: 60 } },
          fsm: { idleHoldTime: 1 },
        },
      ],
    });
    try {
      expect(await ours.waitLine((l) => l.event === "established", 25_000)).toMatchObject({
        gracefulRestart: true,
      });
      await ours.waitLine(announced("198.51.100.0/24"));
      for (const pid of frr.pids()) process.kill(pid, "SIGKILL");
      expect(await ours.waitLine((l) => l.event === "routes-stale")).toMatchObject({
        families: ["1/1"],
        restartTime: 60,
      });
      const skip = ours.lines().length;
      await frr.restart();
      await ours.waitLine((l) => l.event === "established", 28_000, skip);
      await ours.waitLine((l) => l.event === "routes-stale-purged", 28_000, skip);
      expect(
        ours
          .lines()
          .slice(skip)
          .some((l) => l.event === "routes-flushed"),
      ).toBe(false);
    } finally {
      await ours.stop();
      await frr.stop();
    }
  }, 90_000);
});
