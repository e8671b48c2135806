import { beforeAll, describe, expect, it } from "vitest";
import { type BgpDaemon, Bird, ExaBgp, Frr, GoBgp, type Host } from "../src/index.js";
import { useLab } from "./helpers/use-lab.js";

// One BIRD observer (AS 65000) and four announcers on a shared segment, each in its own AS.
// Every driver must originate, replace and withdraw routes at run time, and keep them over a
// restart.
describe("announce() / withdraw() at run time", () => {
  const getLab = useLab();
  let observer: Bird;
  const announcers: Record<string, { daemon: BgpDaemon; address: string; as: number }> = {};

  beforeAll(async () => {
    const lab = await getLab();
    const names = ["obs", "bird", "frr", "gobgp", "exabgp"] as const;
    const hosts: Host[] = [];
    for (const name of names) hosts.push(await lab.host(name));
    const seg = await lab.segment(hosts);
    const addr = seg.members.map((m) => m.v4 as string);
    const obs = addr[0] as string;
    observer = await Bird.start(hosts[0]!, {
      routerId: obs,
      localAs: 65000,
      neighbors: addr.slice(1).map((address, i) => ({ address, remoteAs: 65001 + i })),
    });
    // The announcers are passive: BIRD connects at once (GoBGP's own first attempt is slow).
    const common = (i: number) => ({
      routerId: addr[i + 1] as string,
      localAs: 65001 + i,
      neighbors: [{ address: obs, remoteAs: 65000, passive: true }],
      announce: [{ prefix: `10.${i}.0.0/16`, communities: [`${65001 + i}:1`] }],
    });
    const starters = [Bird.start, Frr.start, GoBgp.start, ExaBgp.start] as const;
    for (const [i, start] of starters.entries()) {
      const daemon = await start(hosts[i + 1]!, common(i));
      announcers[names[i + 1]!] = { daemon, address: addr[i + 1]!, as: 65001 + i };
    }
    for (const { address } of Object.values(announcers)) await observer.waitEstablished(address);
  });

  const at = (prefix: string, fromPeer: string) =>
    observer.routes().then((rs) => rs.find((r) => r.prefix === prefix && r.fromPeer === fromPeer));

  for (const [index, kind] of ["bird", "frr", "gobgp", "exabgp"].entries()) {
    it(`${kind}: announce, replace, withdraw, and keep runtime routes over restart`, async () => {
      const { daemon, address, as } = announcers[kind]!;
      const started = `10.${index}.0.0/16`;
      const added = `172.16.${index}.0/24`;
      await observer.waitForRoute({ prefix: started, fromPeer: address });

      await daemon.announce({ prefix: added, med: 10, communities: [`${as}:10`] });
      const first = await observer.waitForRoute({ prefix: added, fromPeer: address });
      expect(first).toMatchObject({ med: 10, communities: [`${as}:10`], asPath: [as] });

      await daemon.announce({ prefix: added, med: 20, largeCommunities: [`${as}:2:2`] });
      const replaced = await observer.waitForRoute({
        prefix: added,
        fromPeer: address,
        where: (r) => r.med === 20,
      });
      expect(replaced).toMatchObject({ communities: [], largeCommunities: [`${as}:2:2`] });

      // A route from the start-up config can be withdrawn too.
      await daemon.withdraw(started);
      await expect.poll(() => at(started, address), { timeout: 10_000 }).toBeUndefined();
      await expect(daemon.withdraw(started)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });

      await daemon.restart();
      await observer.waitEstablished(address);
      const again = await observer.waitForRoute({
        prefix: added,
        fromPeer: address,
        where: (r) => r.med === 20,
      });
      expect(again.largeCommunities).toEqual([`${as}:2:2`]);
      expect(await at(started, address)).toBeUndefined();
    });
  }
});
