/**
 * Route-reflector fan-out: one client sends 100,000 IPv4 prefixes, nine other clients receive
 * them reflected (ORIGINATOR_ID, CLUSTER_LIST), through decode + Adj-RIB-In + decision +
 * Loc-RIB + Adj-RIB-Out (one peer group) + encoding. The baseline in the same run encodes the
 * same UPDATE objects once per receiver, which is what a per-peer Adj-RIB-Out would do.
 *
 * The feed is the shared harness's iBGP feed (as in its `rr` scenario) when python3 and
 * ../shared/bench are there, else (or with `--synthetic`) a generated one with 10 prefixes per set.
 *
 * `node --expose-gc --import tsx packages/rib/bench/rr-fanout.bench.ts [--json] [--prefixes N] [--synthetic]`
 */
import {
  createContext,
  decodeMessage,
  type Nlri,
  packUpdates,
  type PathAttributes,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { AdjRibOut, encodeUpdates, Rib } from "@tsbgp/rib";
import { harnessAvailable, harnessFeed } from "./harness-feed.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const nAt = args.indexOf("--prefixes");
const N = nAt >= 0 ? Number(args[nAt + 1]) : 100_000;
const CLIENTS = 10;
const PER_SET = 10;
const ctx = createContext({ asn4: true });

const useHarness = !args.includes("--synthetic") && harnessAvailable();
const feed: Uint8Array[] = useHarness ? harnessFeed(N, 65000, "198.18.0.2", true) : [];
for (let s = 0; !useHarness && s * PER_SET < N; s++) {
  const announce: Nlri[] = [];
  for (let i = s * PER_SET; i < Math.min(N, (s + 1) * PER_SET); i++)
    announce.push({ prefix: { afi: 1, addr: ((16 << 24) + i * 256) >>> 0, len: 24 } });
  const attributes: PathAttributes = {
    origin: 0,
    asPath: [{ type: 2, asns: [64999, 100000 + s] }],
    nextHop: { afi: 1, addr: 0xc6120001 },
    localPref: 100,
  };
  for (const m of packUpdates({ attributes, announce }, ctx)) feed.push(m);
}

const c0 = process.cpuUsage();
const t0 = performance.now();
const rib = new Rib({ asn: 65000, routerId: 0x0a000001, schedule: null });
const clients = Array.from({ length: CLIENTS }, (_, i) =>
  rib.addPeer({ address: { afi: 1, addr: 0xc6120001 + i }, asn: 65000, routerId: i + 1, rrClient: true }),
);
const group = new AdjRibOut(rib, { name: "clients", kind: "ibgp", rrClient: true });
for (const c of clients) group.addMember(c);
for (const m of feed) rib.applyUpdate(clients[0]!, decodeMessage(m, ctx) as UpdateMessage);
rib.flush();
const batch = group.flush();
let bytes = 0;
let messages = 0;
for (const c of clients.slice(1)) {
  const out = batch.encodedFor(c, ctx);
  messages += out.length;
  for (const b of out) bytes += b.length;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
if (batch.encodedFor(clients[0]!, ctx).length !== 0) throw new Error("split horizon broken");

// Baseline: the same UPDATE objects encoded separately for each receiver.
const b0 = performance.now();
let baselineBytes = 0;
for (const c of clients.slice(1)) for (const b of encodeUpdates(batch.for(c), ctx)) baselineBytes += b.length;
const baselineEncodeMs = performance.now() - b0;
if (baselineBytes !== bytes) throw new Error("shared and per-peer encodings differ in size");

const figures = {
  feed: useHarness ? "shared/bench bgpspeaker.py gen --seed 1 --ibgp" : "synthetic, 10 prefixes per set",
  prefixes: N,
  receivers: CLIENTS - 1,
  totalMs: Math.round(ms),
  // CPU time of the process (user + system): steadier than wall time on a shared machine.
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  prefixesPerSec: Math.round((N / ms) * 1000),
  messagesSent: messages,
  bytesSent: bytes,
  outAttributeSets: group.attributeSets,
  baselinePerPeerEncodeMs: Math.round(baselineEncodeMs),
};
if (json) console.log(JSON.stringify(figures));
else console.table(figures);
