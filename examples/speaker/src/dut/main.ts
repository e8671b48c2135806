/**
 * The benchmark device under test: a `BgpSpeaker` with passive sessions to the harness's peers
 * and a `@tsbgp/rib` RIB behind it. `ingest` stores every route and advertises nothing; `rr` is
 * an iBGP route reflector with every peer a client (RFC 4456). The accepted-prefix count is
 * kept current in `$BENCH_WORKDIR/count` (written to a temporary file, then renamed).
 */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BgpSession, BgpSpeaker, isBgpConfigError } from "@tsbgp/bgp-fsm";
import { parseIpv4, parseIpv6 } from "@tsbgp/bgp-wire";
import { AdjRibOut, type Peer, PeerKind, Rib, encodeUpdates } from "@tsbgp/rib";
import { readBenchEnv } from "./bench-env.js";

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
  peers: env.peers.map((p) => ({ address: p.address, peerAs: p.asn, passive: true, holdTime: 180 })),
});
const routerId = env.routerId.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const rib = new Rib({ asn: env.localAs, routerId });
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

let flushScheduled = false;
/** After a burst of input, builds the reflected UPDATEs once and hands them to every client. */
function scheduleFlush(): void {
  if (!group || flushScheduled) return;
  flushScheduled = true;
  setImmediate(() => {
    flushScheduled = false;
    const batch = group.flush();
    if (batch.empty) return;
    for (const [session, peer] of ribPeers) {
      if (!group.members.has(peer) || !session.negotiated) continue;
      send(session, batch.encodedFor(peer, session.negotiated.codec));
    }
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
      // A new client first gets everything reflected so far.
      send(session, encodeUpdates(group.addMember(peer), n.codec));
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
process.on("SIGINT", stop);
