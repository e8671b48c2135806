/**
 * Route-reflector fan-out: one client sends 100,000 IPv4 prefixes, nine other clients receive
 * them reflected (ORIGINATOR_ID, CLUSTER_LIST), through decode + Adj-RIB-In + decision +
 * Loc-RIB + Adj-RIB-Out (one peer group) + encoding, as the bench DUT does it
 * (examples/speaker/src/dut): the RIB and the group are flushed after every 64 KiB of feed
 * (one socket read), so the clients get routes while the table is still arriving.
 *
 * Two encodings are measured in the same run, interleaved, `--reps` times each (medians):
 * - `wire`: `OutBatch.wireFor`, one buffer of back-to-back messages per batch, shared by every
 *   member (one socket write per member per batch);
 * - `perMessage` (the baseline, what the DUT did before): `OutBatch.encodedFor`, one owned
 *   array per message, shared by the members (one socket write per message per member).
 * A third figure, `perPeerEncodeMs`, encodes the last batch separately for each receiver, which
 * is what a per-peer Adj-RIB-Out would do.
 *
 * The feed is the shared harness's iBGP feed (as in its `rr` scenario) when python3 and
 * ../shared/bench are there, else (or with `--synthetic`) a generated one with 10 prefixes per set.
 *
 * `node --expose-gc --import tsx packages/rib/bench/rr-fanout.bench.ts [--json] [--prefixes N] [--reps R] [--synthetic]`
 */
import {
  createContext,
  decodeMessage,
  type Nlri,
  type PathAttributes,
  packUpdates,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { AdjRibOut, encodeUpdates, Rib } from "@tsbgp/rib";
import { harnessAvailable, harnessFeed } from "./harness-feed.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const flag = (name: string, dflt: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : dflt;
};
const N = flag("--prefixes", 100_000);
const REPS = flag("--reps", 5);
const CLIENTS = 10;
const PER_SET = 10;
const READ_BYTES = 64 * 1024;
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

type Mode = "wire" | "perMessage";

interface Run {
  totalMs: number;
  cpuMs: number;
  encodeMs: number;
  batches: number;
  messages: number;
  bytes: number;
  writes: number;
  perPeerEncodeMs: number;
  outAttributeSets: number;
}

function run(mode: Mode): Run {
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // The RIB's own scheduled flush, run by hand after each read as the DUT's microtask would
  // (rib.flush() would also build best-path change objects, which nobody here reads).
  let ribFlush: (() => void) | null = null;
  const rib = new Rib({
    asn: 65000,
    routerId: 0x0a000001,
    schedule: (f) => {
      ribFlush = f;
    },
  });
  const clients = Array.from({ length: CLIENTS }, (_, i) =>
    rib.addPeer({ address: { afi: 1, addr: 0xc6120001 + i }, asn: 65000, routerId: i + 1, rrClient: true }),
  );
  const group = new AdjRibOut(rib, { name: "clients", kind: "ibgp", rrClient: true, follow: "touched" });
  for (const c of clients) group.addMember(c);
  let encodeMs = 0;
  let batches = 0;
  let messages = 0;
  let bytes = 0;
  let writes = 0;
  let last: ReturnType<typeof group.flush> | null = null;
  const flush = (): void => {
    const f = ribFlush as (() => void) | null;
    ribFlush = null;
    f?.();
    const batch = group.flush();
    if (batch.empty) return;
    last = batch;
    batches++;
    const e0 = performance.now();
    for (const c of clients) {
      if (mode === "wire") {
        const w = batch.wireFor(c, ctx, ["1/1"]);
        if (w.count === 0) continue;
        messages += w.count;
        bytes += w.bytes.length;
        writes++;
      } else {
        const out = batch.encodedFor(c, ctx);
        messages += out.length;
        for (const b of out) bytes += b.length;
        writes += out.length;
      }
    }
    encodeMs += performance.now() - e0;
  };
  let read = 0;
  for (const m of feed) {
    rib.applyUpdate(clients[0]!, decodeMessage(m, ctx) as UpdateMessage);
    read += m.length;
    if (read >= READ_BYTES) {
      read = 0;
      flush();
    }
  }
  flush();
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (group.size !== N) throw new Error(`group holds ${group.size} prefixes, expected ${N}`);
  // What a per-peer Adj-RIB-Out would pay: the last batch encoded once per receiver.
  const p0 = performance.now();
  const lastBatch = last as ReturnType<typeof group.flush> | null;
  if (lastBatch !== null) for (const c of clients.slice(1)) encodeUpdates(lastBatch.for(c), ctx);
  const perPeerEncodeMs = performance.now() - p0;
  return {
    totalMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    encodeMs,
    batches,
    messages,
    bytes,
    writes,
    perPeerEncodeMs,
    outAttributeSets: group.attributeSets,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

const runs: Record<Mode, Run[]> = { wire: [], perMessage: [] };
run("wire"); // warm-up (JIT), not counted
for (let r = 0; r < REPS; r++) for (const mode of ["wire", "perMessage"] as const) runs[mode].push(run(mode));
const w = runs.wire[0]!;
const p = runs.perMessage[0]!;
if (w.bytes !== p.bytes || w.messages !== p.messages)
  throw new Error("one-buffer and per-message encodings differ in size");

const summary = (rs: Run[]) => ({
  totalMs: Math.round(median(rs.map((r) => r.totalMs))),
  // CPU time of the process (user + system, GC threads included): steadier on a shared machine.
  cpuMs: Math.round(median(rs.map((r) => r.cpuMs))),
  encodeMs: Math.round(median(rs.map((r) => r.encodeMs))),
  socketWrites: rs[0]!.writes,
});
const figures = {
  feed: useHarness ? "shared/bench bgpspeaker.py gen --seed 1 --ibgp" : "synthetic, 10 prefixes per set",
  prefixes: N,
  receivers: CLIENTS - 1,
  reps: REPS,
  batches: w.batches,
  messagesSent: w.messages,
  bytesSent: w.bytes,
  outAttributeSets: w.outAttributeSets,
  wire: summary(runs.wire),
  perMessage: summary(runs.perMessage),
  perPeerEncodeLastBatchMs: Math.round(median(runs.wire.map((r) => r.perPeerEncodeMs))),
  loadAverage: (await import("node:os")).loadavg().map((x) => Math.round(x * 100) / 100),
};
if (json) console.log(JSON.stringify(figures));
else console.dir(figures, { depth: 3 });
