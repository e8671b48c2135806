/**
 * Ingest benchmark: 1,000,000 IPv4 prefixes from one peer, then the same table from two peers
 * (the multi-homed case), through decode + Adj-RIB-In + decision + Loc-RIB + change stream.
 * Reports, as the median of `--reps` runs (default 3): wall time, CPU time of the process (the
 * machine is shared: wall time moves with its load, CPU time much less), time in GC pauses,
 * routes/s, and bytes per route: heap used plus ArrayBuffer memory (typed arrays live outside
 * the JS heap) after a forced GC, minus the same before the RIB existed, divided by routes. The
 * baseline in the same run is decoding alone, so the RIB's own cost is the difference.
 *
 * The change stream is flushed once at the end (a worst case: a million changes built and
 * held at once) and, in `onePeerPerRead`, after every 64 KiB of feed, as a speaker's
 * microtask flush after each socket read does.
 *
 * The feed is the shared bench harness's (../shared/bench/bgpspeaker.py `gen`, seed 1: the
 * byte stream BIRD, FRR and GoBGP are measured with, ≈4.5 prefixes per attribute set), made
 * with python3 when available; otherwise (or with `--synthetic`) a generated one with 10
 * prefixes per set.
 *
 * `node --expose-gc --import tsx packages/rib/bench/ingest.bench.ts [--json] [--prefixes N] [--reps N] [--synthetic]`
 */
import {
  type BgpMessage,
  createContext,
  decodeMessage,
  type Ipv4Prefix,
  type Nlri,
  packUpdates,
  type PathAttributes,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { PerformanceObserver } from "node:perf_hooks";
import { Rib } from "@tsbgp/rib";
import { harnessAvailable, harnessFeed } from "./harness-feed.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const nAt = args.indexOf("--prefixes");
const N = nAt >= 0 ? Number(args[nAt + 1]) : 1_000_000;
const rAt = args.indexOf("--reps");
const REPS = rAt >= 0 ? Number(args[rAt + 1]) : 3;
/** Feed bytes between flushes in the per-read scenario (a typical socket read). */
const READ_BYTES = 65536;
/** Prefixes per attribute set: real tables have roughly one distinct set per 5-15 prefixes. */
const PER_SET = 10;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
/** JS heap plus ArrayBuffer memory after a full GC. */
function heap(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

// GC pauses as [start, duration]; entries arrive asynchronously, so a run awaits one turn of
// the event loop before summing those that started inside its window.
const gcPauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push([e.startTime, e.duration]);
}).observe({ entryTypes: ["gc"] });
async function gcBetween(from: number, to: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 50));
  let ms = 0;
  for (const [at, d] of gcPauses) if (at >= from && at <= to) ms += d;
  return ms;
}

const ctx = createContext({ asn4: true });

/** The wire UPDATEs of one peer's full table (first AS = the peer's AS). */
function table(peerAs: number, nextHop: number): Uint8Array[] {
  const msgs: Uint8Array[] = [];
  for (let s = 0; s * PER_SET < N; s++) {
    const nlri: Nlri[] = [];
    for (let i = s * PER_SET; i < Math.min(N, (s + 1) * PER_SET); i++) {
      // Distinct /24s from 16.0.0.0 on, with every 8th a /22 elsewhere for length variety.
      const p: Ipv4Prefix =
        i % 8 === 7
          ? { afi: 1, addr: ((128 << 24) + (i << 10)) >>> 0, len: 22 }
          : { afi: 1, addr: ((16 << 24) + i * 256) >>> 0, len: 24 };
      nlri.push({ prefix: p });
    }
    const attrs: PathAttributes = {
      origin: 0,
      asPath: [{ type: 2, asns: [peerAs, 3356 + (s % 50), 100000 + s] }],
      nextHop: { afi: 1, addr: nextHop },
      ...(s % 3 === 0 ? { med: s % 100 } : {}),
      ...(s % 2 === 0 ? { communities: [((peerAs << 16) | (s % 1000)) >>> 0] } : {}),
    };
    for (const m of packUpdates({ attributes: attrs, announce: nlri }, ctx)) msgs.push(m);
  }
  return msgs;
}

function decodeAll(msgs: readonly Uint8Array[]): number {
  let n = 0;
  for (const m of msgs) {
    const u = decodeMessage(m, ctx) as BgpMessage;
    if (u.type === "UPDATE") n += u.nlri.length + (u.attributes.mpReach?.nlri.length ?? 0);
  }
  return n;
}

interface Run {
  readonly routes: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly gcMs: number;
  readonly routesPerSec: number;
  readonly bytesPerRoute: number;
  readonly attributeSets: number;
  readonly prefixes: number;
}

async function ingest(feeds: readonly Uint8Array[][], perRead = false): Promise<Run> {
  const before = heap();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const rib = new Rib({ asn: 65000, routerId: 0x0a000001, schedule: null });
  let changes = 0;
  rib.onChange((b) => {
    changes += b.length;
  });
  let routes = 0;
  feeds.forEach((msgs, i) => {
    const peer = rib.addPeer({ address: { afi: 1, addr: 0xc6120001 + i }, asn: 65001 + i, routerId: i + 1 });
    let read = 0;
    for (const m of msgs) {
      const u = decodeMessage(m, ctx) as UpdateMessage;
      routes += rib.applyUpdate(peer, u).announced;
      read += m.length;
      if (perRead && read >= READ_BYTES) {
        read = 0;
        rib.flush();
      }
    }
    rib.flush();
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const gcRun = await gcBetween(t0, t0 + ms);
  const after = heap();
  if (changes !== N || rib.prefixCount !== N)
    throw new Error(`expected ${N} changes and prefixes, got ${changes} (${rib.prefixCount} prefixes)`);
  const run = {
    routes,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    gcMs: Math.round(gcRun),
    routesPerSec: Math.round((routes / ms) * 1000),
    bytesPerRoute: Math.round((after - before) / routes),
    attributeSets: rib.store.size,
    prefixes: rib.prefixCount,
  };
  // Keep the RIB alive until measured.
  if (rib.prefixCount < 0) console.log(rib);
  return run;
}

const useHarness = !args.includes("--synthetic") && harnessAvailable();
const feedA = useHarness ? harnessFeed(N, 65001, "198.18.0.2") : table(65001, 0xc6120001);
const feedB = useHarness ? harnessFeed(N, 65002, "198.18.0.3") : table(65002, 0xc6120002);
const t0 = performance.now();
const decoded = decodeAll(feedA);
const decodeOnlyMs = Math.round(performance.now() - t0);
if (decoded !== N) throw new Error(`decoded ${decoded} of ${N}`);

/** Field-wise medians of `reps` runs (each field on its own: a robust summary per figure). */
async function median(make: () => Promise<Run>): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < REPS; i++) runs.push(await make());
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const out: Record<string, number> = {};
  for (const k of Object.keys(runs[0]!) as (keyof Run)[]) out[k] = mid(runs.map((r) => r[k]));
  return out as unknown as Run;
}

const onePeer = await median(() => ingest([feedA]));
const onePeerPerRead = await median(() => ingest([feedA], true));
const twoPeers = await median(() => ingest([feedA, feedB]));
const figures = {
  feed: useHarness ? "shared/bench bgpspeaker.py gen --seed 1" : "synthetic, 10 prefixes per set",
  prefixes: N,
  messagesPerPeer: feedA.length,
  baselineDecodeOnlyMs: decodeOnlyMs,
  reps: REPS,
  onePeer,
  onePeerPerRead,
  twoPeers,
};
if (json) console.log(JSON.stringify(figures));
else console.table({ onePeer, onePeerPerRead, twoPeers });
