/**
 * The other side of the getting-started sample: a speaker in AS 65002 that connects from
 * 127.0.0.2, announces two prefixes with different AS paths, then sends End-of-RIB.
 */
import { BgpSpeaker } from "@tsbgp/bgp-fsm";
import { AsPathSegmentType, Origin, parseIpv4, parsePrefix } from "@tsbgp/bgp-wire";

/** Starts the peer; it connects to our agent at 127.0.0.1:`port`. */
export async function startDemoPeer(port: number): Promise<BgpSpeaker> {
  const peer = new BgpSpeaker({
    localAs: 65002,
    routerId: "127.0.0.2",
    peers: [{ address: "127.0.0.1", port, localAddress: "127.0.0.2", peerAs: 65001 }],
  });
  const session = peer.sessions[0]!;
  session.on("session:established", async () => {
    const nextHop = { afi: 1, addr: parseIpv4("127.0.0.2") } as const;
    await session.announce({
      attributes: {
        origin: Origin.IGP,
        asPath: [{ type: AsPathSegmentType.AS_SEQUENCE, asns: [65002] }],
        nextHop,
      },
      announce: [{ prefix: parsePrefix("198.51.100.0/24") }],
    });
    await session.announce({
      attributes: {
        origin: Origin.IGP,
        asPath: [{ type: AsPathSegmentType.AS_SEQUENCE, asns: [65002, 64496] }],
        nextHop,
      },
      announce: [{ prefix: parsePrefix("203.0.113.0/24") }],
    });
    session.sendEndOfRib("1/1");
  });
  await peer.start();
  return peer;
}
