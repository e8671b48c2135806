/**
 * The benchmark device under test: a `BgpSpeaker` with passive sessions to the harness's peers
 * and a `@tsbgp/rib` RIB behind it. `ingest` stores every route and advertises nothing; `rr` is
 * an iBGP route reflector with every peer a client (RFC 4456). The accepted-prefix count is
 * kept in `$BENCH_WORKDIR/count` (written to a temporary file, then renamed; every 25 ms in
 * `ingest`, where the harness polls it, every 500 ms in `rr`, where it does not).
 * SIGUSR2 writes the Loc-RIB's best paths to `$BENCH_WORKDIR/loc-rib.json` (differential tests).
 */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BgpSession, BgpSpeaker, isBgpConfigError } from "@tsbgp/bgp-fsm";
import { parseIpv4, parseIpv6 } from "@tsbgp/bgp-wire";
import { AdjRibOut, type Peer, PeerKind, Rib, type WireBatch, encodeUpdateBatch } from "@tsbgp/rib";
import { readBenchEnv } from "./bench-env.js";
import { onlyNegotiated } from "./family-filter.js";
import { writeLocRib } from "./loc-rib-dump.js";

let env: ReturnType<typeof readBenchEnv>;
try {
  env = readBenchEnv();
} catch (e) {
  if (isBgpConfigError(e)) {
    process.stderr.write(`${JSON.stringify({ event: "config-error", field: e.field, reason: e.reason })}\n`);
    process.exit(2);
  }
  throw e;
}

const speaker = new BgpSpeaker({
  localAs: env.localAs,
  routerId: env.routerId,
  listen: { address: env.localAddress, port: 179 },
  // The harness's speakers connect to us (README: "The implementation under test is always passive").
  // An IPv6 peer carries IPv6 unicast (the speaker's default is IPv4 unicast only).
  peers: env.peers.map((p) => ({
    address: p.address,
    peerAs: p.asn,
    passive: true,
    holdTime: 180,
    families: [p.address.includes(":") ? ("2/1" as const) : ("1/1" as const)],
  })),
});
const routerId = env.routerId.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const rib = new Rib({ asn: env.localAs, routerId, decision: env.decision });
const group =
  env.mode === "rr"
    ? // `touched`: the RIB feeds only this group, so it need not build best-path change objects.
      new AdjRibOut(rib, { name: "clients", kind: PeerKind.IBGP, rrClient: true, follow: "touched" })
    : null;
const ribPeers = new Map<BgpSession, Peer>();

const countFile = join(env.workdir, "count");
let lastCount = -1;
function writeCount(): void {
  const n = rib.prefixCount;
  if (n === lastCount) return;
  lastCount = n;
  const tmp = `${countFile}.tmp`;
  writeFileSync(tmp, `${n}\n`);
  renameSync(tmp, countFile);
}
// The harness polls the count every 50 ms in `ingest`; in `rr` it reads the sinks instead
// (README: "count is not used there"), so the file is only kept roughly current there: a write
// and a rename every 25 ms cost ~20 ms of a one-second fan-out.
setInterval(writeCount, env.mode === "ingest" ? 25 : 500);

/**
 * Writes a batch of encoded UPDATEs to a session in one socket write. There is no waiting for
 * the socket to drain: what the kernel cannot take yet stays queued in the socket, in order,
 * and the members of the group queue the very same buffer, so a slow client costs at most one
 * copy of what is still in flight, not one per client.
 */
function sendWire(session: BgpSession, wire: WireBatch): void {
  if (wire.count === 0 || session.state !== "Established") return;
  session.sendEncodedUpdates(wire.bytes, wire.count);
}

/** Builds the reflected UPDATEs of everything changed since the last flush and sends them. */
function flushGroup(): void {
  if (!group) return;
  const batch = group.flush();
  if (batch.empty) return;
  for (const [session, peer] of ribPeers) {
    const n = session.negotiated;
    if (!group.members.has(peer) || !n) continue;
    // One shared encoding for the members that negotiated alike (and have no split-horizon
    // exception), without the families the session did not negotiate.
    sendWire(session, batch.wireFor(peer, n.codec, n.families));
  }
}

let flushScheduled = false;
/**
 * After each chunk of input (all the UPDATEs one socket read delivered), builds the reflected
 * UPDATEs once and hands them to every client. A microtask, not setImmediate: the kernel hands
 * a fast sender's whole table to Node in a few event-loop turns, so a flush per turn sent a 100k
 * table in three batches, the last with 93% of it, and the clients got nothing until the end.
 * Per read (64 KiB, ~3,000 prefixes) the clients receive while the table is still arriving,
 * as BIRD's do.
 */
function scheduleFlush(): void {
  if (!group || flushScheduled) return;
  flushScheduled = true;
  // Two hops: the RIB's own coalesced flush (also a microtask, queued by its first change of the
  // read, which may come after our first UPDATE) must run first, as it is what feeds the group.
  // Calling rib.flush() here instead would build best-path change objects nobody reads.
  queueMicrotask(() =>
    queueMicrotask(() => {
      flushScheduled = false;
      flushGroup();
    }),
  );
}

for (const session of speaker.sessions) {
  session.on("session:established", (n) => {
    const a = session.peer.address;
    const peer = rib.addPeer({
      address: a.includes(":") ? { afi: 2, addr: parseIpv6(a) } : { afi: 1, addr: parseIpv4(a) },
      asn: n.peerAs,
      routerId: n.peerBgpId,
      name: a,
      rrClient: env.mode === "rr",
    });
    ribPeers.set(session, peer);
    if (group) {
      // A new client first gets everything reflected as of the last flush (AdjRibOut.dump);
      // changes still pending reach it with the next flush, like every other member.
      sendWire(session, encodeUpdateBatch(onlyNegotiated(group.addMember(peer), n.families), n.codec));
    }
    process.stdout.write(`${JSON.stringify({ event: "established", peer: a })}\n`);
  });
  session.on("update:received", (u) => {
    const peer = ribPeers.get(session);
    if (!peer) return;
    rib.applyUpdate(peer, u);
    scheduleFlush();
  });
  session.on("end-of-rib:received", () => writeCount());
  session.on("session:down", (e) => {
    const peer = ribPeers.get(session);
    ribPeers.delete(session);
    if (peer) {
      group?.removeMember(peer);
      rib.removePeer(peer);
      scheduleFlush();
    }
    process.stdout.write(
      `${JSON.stringify({ event: "down", peer: session.peer.address, reason: e.message })}\n`,
    );
  });
}

await speaker.start();
writeCount();
process.stdout.write(
  `${JSON.stringify({ event: "listening", address: env.localAddress, mode: env.mode })}\n`,
);
const stop = (): void => {
  writeCount();
  void speaker.stop("bench done").then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGUSR2", () => writeLocRib(rib, join(env.workdir, "loc-rib.json")));
process.on("SIGINT", stop);
