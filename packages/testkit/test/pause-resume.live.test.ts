import { describe, expect, it } from "vitest";
import { Bird, GoBgp } from "../src/index.js";
import { useLab } from "./helpers/use-lab.js";

// pause() freezes a daemon with SIGSTOP: its peer's hold timer (RFC 4271 §6.5) must expire.
describe("pause() and resume()", () => {
  const getLab = useLab();

  it("a paused GoBGP lets BIRD's 3 s hold timer expire; after resume the session returns", async () => {
    const lab = await getLab();
    const r1 = await lab.host("r1");
    const r2 = await lab.host("r2");
    const link = await lab.link(r1, r2);
    const bird = await Bird.start(r1, {
      routerId: "198.18.1.1",
      localAs: 65001,
      neighbors: [{ address: link.b.v4!, remoteAs: 65002, holdTime: 3 }],
    });
    const gobgp = await GoBgp.start(r2, {
      routerId: "198.18.1.2",
      localAs: 65002,
      neighbors: [{ address: link.a.v4!, remoteAs: 65001, holdTime: 3, passive: true }],
    });
    await bird.waitEstablished(link.b.v4!);
    gobgp.pause();
    try {
      await expect
        .poll(() => bird.peerState(link.b.v4!), { timeout: 10_000, interval: 250 })
        .not.toBe("Established");
      expect(await bird.birdc("show protocols all n0")).toMatch(
        /Last error:\s+(BGP Error: )?Hold timer expired/,
      );
    } finally {
      gobgp.resume();
    }
    await bird.waitEstablished(link.b.v4!, 20_000);
    expect(await gobgp.peerState(link.a.v4!)).toBe("Established");
  });
});
