/**
 * The benchmark device under test: a `BgpSpeaker` with passive sessions to the harness's peers
 * and a `@tsbgp/rib` RIB behind it. `ingest` stores every route and advertises nothing; `rr` is
 * an iBGP route reflector with every peer a client (RFC 4456). The accepted-prefix count is
 * kept current in `$BENCH_WORKDIR/count` (written to a temporary file, then renamed).
 * SIGUSR2 writes the Loc-RIB's best paths to `$BENCH_WORKDIR/loc-rib.json` (differential tests).
 */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BgpSession, BgpSpeaker, isBgpConfigError } from "@tsbgp/bgp-fsm";
import { parseIpv4, parseIpv6 } from "@tsbgp/bgp-wire";
import { AdjRibOut, type Peer, PeerKind, Rib, encodeUpdates } from "@tsbgp/rib";
import { readBenchEnv } from "./bench-env.js";
import { allNegotiated, onlyNegotiated } from "./family-filter.js";
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
  env.mode === "rr" ? new AdjRibOut(rib, { name: "clients", kind: PeerKind.IBGP, rrClient: true }) : null;
const ribPeers = new Map<BgpSession, Peer>();
const sendChains = new Map<BgpSession, Promise<unknown>>();

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
setInterval(writeCount, 25);

/** Queues UPDATEs for one session in order, each batch waiting for the socket to drain. */
function send(session: BgpSession, msgs: readonly Uint8Array[]): void {
  if (msgs.length === 0) return;
  const prev = sendChains.get(session) ?? Promise.resolve();
  sendChains.set(
    session,
    prev.then(() => (session.state === "Established" ? session.sendUpdates(msgs) : 0)).catch(() => 0),
  );
}

/** Builds the reflected UPDATEs of everything changed since the last flush and sends them. */
function flushGroup(): void {
  if (!group) return;
  const batch = group.flush();
  if (batch.empty) return;
  for (const [session, peer] of ribPeers) {
    const n = session.negotiated;
    if (!group.members.has(peer) || !n) continue;
    // The shared encoding unless the group holds a family this session did not negotiate.
    const msgs = batch.for(peer);
    send(
      session,
      allNegotiated(msgs, n.families)
        ? batch.encodedFor(peer, n.codec)
        : encodeUpdates(onlyNegotiated(msgs, n.families), n.codec),
    );
  }
}

let flushScheduled = false;
/** After a burst of input, builds the reflected UPDATEs once and hands them to every client. */
function scheduleFlush(): void {
  if (!group || flushScheduled) return;
  flushScheduled = true;
  setImmediate(() => {
    flushScheduled = false;
    flushGroup();
  });
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
      send(session, encodeUpdates(onlyNegotiated(group.addMember(peer), n.families), n.codec));
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
    sendChains.delete(session);
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
