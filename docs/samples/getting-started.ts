/**
 * A custom BGP agent: one session (bgp-fsm), a RIB (rib) and kernel route sync (route-sync) on
 * an in-memory routing table. It prints every best-path change and, at End-of-RIB, the table.
 */
import { BgpSpeaker } from "@tsbgp/bgp-fsm";
import { formatIpv4, formatIpv6, formatPrefix, type IpAddress, parseIpv4 } from "@tsbgp/bgp-wire";
import { asPathText, type Peer, Rib, type RouteChange } from "@tsbgp/rib";
import { type DesiredChange, formatRoute, MemoryBackend, parsePrefix, RouteSync } from "@tsbgp/route-sync";
import { startDemoPeer } from "./demo-peer.js";

const rib = new Rib({ asn: 65001, routerId: parseIpv4("127.0.0.1") });
// On Linux as root: `await openKernelBackend({ protocol: 186 })` programs the real kernel.
const backend = new MemoryBackend();
const sync = new RouteSync({ backend, protocol: 186, resyncIntervalMs: 0 });
await sync.start();

// A RIB change becomes a kernel route: one next hop per ECMP path, or a removal.
const text = (a: IpAddress): string => (a.afi === 1 ? formatIpv4(a.addr) : formatIpv6(a.addr));
const toKernel = (c: RouteChange): DesiredChange => {
  const prefix = parsePrefix(formatPrefix(c.prefix)); // wire prefix -> route-sync prefix
  if (c.op === "withdraw") return { op: "remove", route: { prefix } };
  return { op: "replace", route: { prefix, nexthops: c.nextHops.map((h) => ({ gateway: text(h) })) } };
};
let synced: Promise<unknown> = Promise.resolve();
rib.onChange((changes) => {
  for (const c of changes) {
    const path = c.best ? ` as-path [${asPathText(c.best.attrs.asPath)}]` : "";
    console.log(`best ${c.op} ${formatPrefix(c.prefix)}${path}`);
  }
  synced = sync.apply(changes.map(toKernel));
});

const speaker = new BgpSpeaker({
  localAs: 65001,
  routerId: "127.0.0.1",
  listen: { address: "127.0.0.1", port: 0 }, // 179 in production; 0 picks a free port
  peers: [{ address: "127.0.0.2", peerAs: 65002, passive: true }],
});
const session = speaker.sessions[0]!;
let peer: Peer | undefined;
session.on("session:established", (neg) => {
  console.log(`session up with AS ${neg.peerAs}`);
  peer = rib.addPeer({
    address: { afi: 1, addr: parseIpv4("127.0.0.2") },
    asn: neg.peerAs,
    routerId: neg.peerBgpId,
  });
});
session.on("update:received", (update) => peer && rib.applyUpdate(peer, update));
// The session ended without graceful restart: the peer's routes go, and the RIB says so.
session.on("routes:flush", () => {
  if (peer) rib.removePeer(peer);
  peer = undefined;
});
session.on("end-of-rib:received", async () => {
  rib.flush();
  await synced;
  for (const r of await backend.listRoutes()) console.log(`kernel ${formatRoute(r)}`);
  await Promise.all([speaker.stop(), demoPeer.stop()]); // Cease: routes:flush withdraws all
  rib.flush();
  await synced;
  console.log(`kernel routes left: ${(await backend.listRoutes()).length}`);
  await sync.stop();
});
await speaker.start();
const demoPeer = await startDemoPeer(speaker.address()!.port);
