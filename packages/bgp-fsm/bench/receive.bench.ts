/**
 * Receive throughput: a peer streams a full table (default 1,000,000 IPv4 prefixes) over
 * loopback TCP into a `BgpSession`; we measure prefixes per second through framing and
 * decoding, and the memory the process holds at the end. Baselines in the same run, on the same
 * byte stream: a bare TCP reader (the ceiling), and bgp-wire's framer alone (no decode).
 *
 *   node --import tsx packages/bgp-fsm/bench/receive.bench.ts [--prefixes N] [--json]
 */
import { once } from "node:events";
import { type Socket, connect, createServer } from "node:net";
import {
  ASN4_CONTEXT,
  type BgpMessage,
  MessageFramer,
  type PathAttributes,
  createContext,
  decodeMessage,
  encodeMessage,
  packUpdates,
} from "@tsbgp/bgp-wire";
import { BgpSpeaker, buildOpen } from "../src/index.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const at = args.indexOf("--prefixes");
const N = at >= 0 ? Number(args[at + 1]) : 1_000_000;
const ctx = createContext({ asn4: true, extendedMessage: false });

/**
 * The table: prefixes 1.0.0.0/24 upwards, a new attribute set every `GROUP` prefixes (the AS
 * path and MED vary), which is about what a real full table looks like (~4-10 prefixes/UPDATE).
 */
const GROUP = 8;
function buildTable(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let base = 0; base < N; base += GROUP) {
    const count = Math.min(GROUP, N - base);
    const attributes: PathAttributes = {
      origin: 0,
      asPath: [{ type: 2, asns: [65002, 3356, 1000 + ((base / GROUP) % 50000)] }],
      nextHop: { afi: 1, addr: 0x7f000002 },
      med: base % 100,
      communities: [((65002 << 16) | (base % 1000)) >>> 0],
    };
    const announce = Array.from({ length: count }, (_, i) => ({
      prefix: { afi: 1 as const, addr: ((0x01000000 + (base + i) * 256) >>> 0) & 0xffffff00, len: 24 },
    }));
    for (const m of packUpdates({ attributes, announce }, ctx)) out.push(m);
  }
  return out;
}

async function writeAll(sock: Socket, msgs: readonly Uint8Array[]): Promise<void> {
  for (const m of msgs) if (!sock.write(m)) await once(sock, "drain");
}

async function listen(onConn: (s: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(onConn);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise((r) => server.close(() => r())) };
}

/** Baseline 1: bytes only. */
async function bareTcp(table: readonly Uint8Array[], total: number): Promise<number> {
  let got = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => {
    done = r;
  });
  const srv = await listen((s) => {
    s.on("data", (c: Buffer) => {
      got += c.length;
      if (got >= total) done();
    });
  });
  const sock = connect(srv.port, "127.0.0.1");
  await once(sock, "connect");
  const t0 = performance.now();
  await writeAll(sock, table);
  await finished;
  const t = (performance.now() - t0) / 1000;
  sock.destroy();
  await srv.close();
  return t;
}

/** Baseline 2: the framer, no decoding. */
async function framingOnly(table: readonly Uint8Array[]): Promise<number> {
  let msgs = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => {
    done = r;
  });
  const srv = await listen((s) => {
    const f = new MessageFramer();
    s.on("data", (c: Buffer) => {
      msgs += f.push(c).length;
      if (msgs >= table.length) done();
    });
  });
  const sock = connect(srv.port, "127.0.0.1");
  await once(sock, "connect");
  const t0 = performance.now();
  await writeAll(sock, table);
  await finished;
  const t = (performance.now() - t0) / 1000;
  sock.destroy();
  await srv.close();
  return t;
}

/** The real thing: a BgpSession decoding every prefix. */
async function session(table: readonly Uint8Array[]): Promise<{ seconds: number; prefixes: number }> {
  const peerPort = await (async () => {
    const s = createServer();
    s.listen(0, "127.0.0.2");
    await once(s, "listening");
    const p = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    return p;
  })();
  const speaker = new BgpSpeaker({
    localAs: 65001,
    routerId: "1.1.1.1",
    listen: { address: "127.0.0.1", port: 0 },
    peers: [{ address: "127.0.0.2", port: peerPort, peerAs: 65002, passive: true }],
  });
  await speaker.start();
  const s = speaker.sessions[0]!;
  let prefixes = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => {
    done = r;
  });
  let pathLength = 0;
  s.on("update:received", (u) => {
    // Touch the attributes too: lazy decoding must not flatter the figure.
    pathLength += u.attributes.asPath?.length ?? 0;
    prefixes += u.nlri.length;
    if (prefixes >= N) done();
  });
  const sock = connect({ host: "127.0.0.1", port: speaker.address()!.port, localAddress: "127.0.0.2" });
  await once(sock, "connect");
  sock.write(encodeMessage(buildOpen({ localAs: 65002, routerId: 0x02020202, holdTime: 180 }), ASN4_CONTEXT));
  sock.write(encodeMessage({ type: "KEEPALIVE" } as BgpMessage, ASN4_CONTEXT));
  sock.on("data", () => {});
  while (s.state !== "Established") await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  await writeAll(sock, table);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  sock.destroy();
  await speaker.stop();
  if (pathLength === 0) throw new Error("no attributes decoded");
  return { seconds, prefixes };
}

const table = buildTable();
const bytes = table.reduce((a, m) => a + m.length, 0);
// Sanity: the stream decodes to N prefixes.
let check = 0;
for (const m of table) {
  const d = decodeMessage(m, ctx);
  if (d.type === "UPDATE") check += d.nlri.length;
}
if (check !== N) throw new Error(`table has ${check} prefixes, expected ${N}`);

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const rssBefore = process.memoryUsage().rss;
const tcp = await bareTcp(table, bytes);
const framed = await framingOnly(table);
const real = await session(table);
gc?.();
const mem = process.memoryUsage();
const figures = {
  prefixes: N,
  messages: table.length,
  bytes,
  bareTcpSeconds: +tcp.toFixed(3),
  bareTcpMiBps: +(bytes / 2 ** 20 / tcp).toFixed(1),
  framingOnlySeconds: +framed.toFixed(3),
  sessionSeconds: +real.seconds.toFixed(3),
  sessionPrefixesPerSecond: Math.round(N / real.seconds),
  vsFramingOnly: +(real.seconds / framed).toFixed(2),
  rssMiB: +(mem.rss / 2 ** 20).toFixed(1),
  rssGrowthMiB: +((mem.rss - rssBefore) / 2 ** 20).toFixed(1),
  heapUsedMiB: +(mem.heapUsed / 2 ** 20).toFixed(1),
  tableMiB: +(bytes / 2 ** 20).toFixed(1),
};
if (json) console.log(JSON.stringify(figures));
else console.table(figures);
process.exit(0);
