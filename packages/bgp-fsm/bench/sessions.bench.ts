/**
 * Many sessions: N (default 1,000) sessions on loopback in one process, with keepalives and
 * hold timers running: memory per session and CPU at idle. Both ends are ours: a speaker with N
 * passive peers (127.1.x.y) and N client sessions connecting from those addresses, so the
 * process holds 2N sessions. Baseline in the same run: N bare TCP connection pairs.
 *
 *   node --expose-gc --import tsx packages/bgp-fsm/bench/sessions.bench.ts [--sessions N] [--idle S] [--json]
 */
import { once } from "node:events";
import { type Socket, connect, createServer } from "node:net";
import { BgpSession, BgpSpeaker } from "../src/index.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const num = (flag: string, dflt: number): number => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = num("--sessions", 1000);
const IDLE = num("--idle", 10);
const HOLD = 9; // keepalive every 3 s: the idle figure includes real timer work
const gc = (globalThis as { gc?: () => void }).gc;
const addr = (i: number): string => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;

function rss(): number {
  gc?.();
  return process.memoryUsage().rss;
}

/** Baseline: N bare TCP connection pairs. */
async function bareTcp(): Promise<{ bytesPerPair: number; sockets: Socket[]; close: () => Promise<void> }> {
  const before = rss();
  const server = createServer((s) => sockets.push(s));
  const sockets: Socket[] = [];
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  for (let i = 0; i < N; i++) {
    const s = connect({ host: "127.0.0.1", port, localAddress: addr(i) });
    sockets.push(s);
    await once(s, "connect");
  }
  const bytesPerPair = (rss() - before) / N;
  return {
    bytesPerPair,
    sockets,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const base = await bareTcp();
await base.close();

const before = rss();
const speaker = new BgpSpeaker({
  localAs: 65001,
  routerId: "1.1.1.1",
  listen: { address: "127.0.0.1", port: 0 },
  peers: Array.from({ length: N }, (_, i) => ({
    address: addr(i),
    peerAs: 65002,
    passive: true,
    holdTime: HOLD,
  })),
});
await speaker.start();
const port = speaker.address()!.port;
const clients: BgpSession[] = [];
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const c = new BgpSession({
    localAs: 65002,
    routerId: `2.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    peer: { address: "127.0.0.1", port, localAddress: addr(i), peerAs: 65001, holdTime: HOLD },
  });
  clients.push(c);
  c.start();
}
const all = [...clients, ...speaker.sessions];
while (all.some((s) => s.state !== "Established")) {
  if (performance.now() - t0 > 120_000) throw new Error("sessions did not come up in 120 s");
  await new Promise((r) => setTimeout(r, 50));
}
const upSeconds = (performance.now() - t0) / 1000;
const afterUp = rss();
const cpu0 = process.cpuUsage();
const w0 = performance.now();
await new Promise((r) => setTimeout(r, IDLE * 1000));
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - w0) / 1000;
const stillUp = all.filter((s) => s.state === "Established").length;
const keepalivesIn = all.reduce((a, s) => a + s.counters.messagesIn.KEEPALIVE, 0);
await Promise.all([speaker.stop(), ...clients.map((c) => c.stop())]);

const figures = {
  sessions: 2 * N,
  holdTime: HOLD,
  establishSeconds: +upSeconds.toFixed(2),
  bytesPerSession: Math.round((afterUp - before) / (2 * N)),
  bareTcpBytesPerSocket: Math.round(base.bytesPerPair / 2),
  idleSeconds: +wall.toFixed(1),
  idleCpuPercent: +(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(2),
  stillEstablished: stillUp,
  keepalivesReceived: keepalivesIn,
  rssMiB: +(afterUp / 2 ** 20).toFixed(1),
};
if (json) console.log(JSON.stringify(figures));
else console.table(figures);
process.exit(stillUp === 2 * N ? 0 : 1);
