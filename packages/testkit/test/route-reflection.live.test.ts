import { describe, expect, it } from "vitest";
import { Bird, Frr, GoBgp, type Host, type Segment } from "../src/index.js";
import { useLab } from "./helpers/use-lab.js";

// Three iBGP speakers in AS 64512 on one shared L2 segment: a reflector and two clients
// (RFC 4456). Client 1 announces; client 2 must get the route with ORIGINATOR_ID = client 1's
// router id and CLUSTER_LIST = [the reflector's cluster id], next hop unchanged.
describe("route reflection on a shared segment", () => {
  const getLab = useLab();

  async function segmentOf(names: string[]): Promise<{ hosts: Host[]; seg: Segment }> {
    const lab = await getLab();
    const hosts: Host[] = [];
    for (const name of names) hosts.push(await lab.host(name));
    return { hosts, seg: await lab.segment(hosts) };
  }

  it("FRR reflects a BIRD client's route to a GoBGP client", async () => {
    const { hosts, seg } = await segmentOf(["rr1", "c1a", "c1b"]);
    const [rr, c1, c2] = seg.members as [Segment["members"][0], Segment["members"][0], Segment["members"][0]];
    const frr = await Frr.start(hosts[0]!, {
      routerId: rr.v4!,
      localAs: 64512,
      clusterId: "10.0.0.1",
      // FRR connects actively: GoBGP's own first connect attempt comes only seconds after start.
      neighbors: [
        { address: c1.v4!, remoteAs: 64512, rrClient: true, passive: true },
        { address: c2.v4!, remoteAs: 64512, rrClient: true },
      ],
    });
    await Bird.start(hosts[1]!, {
      routerId: c1.v4!,
      localAs: 64512,
      neighbors: [{ address: rr.v4!, remoteAs: 64512 }],
      announce: [{ prefix: "192.0.2.0/24", localPref: 150, communities: ["64512:1"] }],
    });
    const gobgp = await GoBgp.start(hosts[2]!, {
      routerId: c2.v4!,
      localAs: 64512,
      neighbors: [{ address: rr.v4!, remoteAs: 64512 }],
    });
    await frr.waitEstablished(c1.v4!);
    await frr.waitEstablished(c2.v4!);
    const route = await gobgp.waitForRoute({ prefix: "192.0.2.0/24", fromPeer: rr.v4! });
    expect(route).toMatchObject({
      nextHop: c1.v4!,
      asPath: [],
      localPref: 150,
      communities: ["64512:1"],
      originatorId: c1.v4!,
      clusterList: ["10.0.0.1"],
    });
  });

  it("BIRD reflects a GoBGP client's route to an FRR client", async () => {
    const { hosts, seg } = await segmentOf(["rr2", "c2a", "c2b"]);
    const [rr, c1, c2] = seg.members as [Segment["members"][0], Segment["members"][0], Segment["members"][0]];
    const bird = await Bird.start(hosts[0]!, {
      routerId: rr.v4!,
      localAs: 64512,
      neighbors: [
        { address: c1.v4!, remoteAs: 64512, rrClient: true },
        { address: c2.v4!, remoteAs: 64512, rrClient: true },
      ],
    });
    await GoBgp.start(hosts[1]!, {
      routerId: c1.v4!,
      localAs: 64512,
      neighbors: [{ address: rr.v4!, remoteAs: 64512 }],
      announce: [{ prefix: "192.0.2.128/25", localPref: 120, largeCommunities: ["64512:5:6"], med: 3 }],
    });
    const frr = await Frr.start(hosts[2]!, {
      routerId: c2.v4!,
      localAs: 64512,
      neighbors: [{ address: rr.v4!, remoteAs: 64512 }],
    });
    await bird.waitEstablished(c1.v4!);
    await bird.waitEstablished(c2.v4!);
    const route = await frr.waitForRoute({ prefix: "192.0.2.128/25", fromPeer: rr.v4! });
    expect(route).toMatchObject({
      nextHop: c1.v4!,
      localPref: 120,
      med: 3,
      largeCommunities: ["64512:5:6"],
      originatorId: c1.v4!,
      // BIRD's cluster id defaults to its router id.
      clusterList: [rr.v4!],
    });
    const atReflector = await bird.waitForRoute({ prefix: "192.0.2.128/25" });
    expect(atReflector).toMatchObject({ fromPeer: c1.v4!, best: true });
  });
});
