/**
 * Runs inside the bench namespace (spawned by route-sync.bench.ts with `ip netns exec`):
 * installs then deletes N routes with one netlink layer and prints the timings as JSON.
 *   --mode ours-errors | ours-each | ours-plain | netlink-pkg   --n N   --protocol P
 * ours-errors: the defaults (nexthop objects, ACK per chunk); ours-each: ACK per route;
 * ours-plain: no nexthop objects (every route carries its gateway, like `ip route add ... via`).
 * ours-warm: the defaults, timed after one untimed install + delete of the same routes in the same
 * process, i.e. with the JIT warm (what a long-running agent sees; a fresh process runs the
 * first thousands of routes in V8's interpreter).
 * ours-sync: the agent's path: `RouteSync` started (watch child subscribed to the route groups,
 * dump), then `setDesired(routes)` timed as install and `flush()` as delete.
 */
import { parseArgs } from "node:util";
import { type KernelRoute, openKernelBackend, type RouteOp, RouteSync } from "../src/index.js";
import { BENCH_GATEWAY, benchDst } from "./bench-routes.js";

const { values } = parseArgs({
  options: { mode: { type: "string" }, n: { type: "string" }, protocol: { type: "string" } },
});
const n = Number(values.n);
const protocol = Number(values.protocol ?? 200);
const mode = values.mode ?? "ours-errors";

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
/** CPU seconds (user + system) of this process since `c0`. */
const cpuSeconds = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return { user: d.user / 1e6, sys: d.system / 1e6 };
};

async function ours(ackMode: "errors" | "each", nexthopObjects: boolean, warm = false) {
  const chunkSize = Number(process.env.TSBGP_RS_CHUNK ?? 256);
  const backend = await openKernelBackend({ protocol, ackMode, chunkSize, nexthopObjects });
  const routes: KernelRoute[] = [];
  for (let i = 0; i < n; i++) {
    routes.push({
      prefix: { family: 4, address: benchDst(i), length: 32 },
      nexthops: [{ gateway: BENCH_GATEWAY }],
    });
  }
  if (warm) {
    await backend.applyBatch(routes.map((route): RouteOp => ({ op: "add", route })));
    await backend.applyBatch(routes.map((route): RouteOp => ({ op: "remove", route })));
  }
  let c0 = process.cpuUsage();
  let t0 = process.hrtime.bigint();
  const add = await backend.applyBatch(routes.map((route): RouteOp => ({ op: "add", route })));
  const install = seconds(t0);
  const installCpu = cpuSeconds(c0);
  const failed = add.filter((r) => !r.ok).length;
  const installed = (await backend.listRoutes({ protocol, family: 4 })).length;
  c0 = process.cpuUsage();
  t0 = process.hrtime.bigint();
  const del = await backend.applyBatch(routes.map((route): RouteOp => ({ op: "remove", route })));
  const remove = seconds(t0);
  const deleteCpu = cpuSeconds(c0);
  const left = (await backend.listRoutes({ protocol, family: 4 })).length;
  await backend.collectNexthops(); // leave no nexthop object behind for the next contender
  backend.close();
  return {
    install_s: install,
    delete_s: remove,
    install_cpu: installCpu,
    delete_cpu: deleteCpu,
    installed,
    failed: failed + del.filter((r) => !r.ok).length,
    left,
  };
}

/** Through `RouteSync` with its watch running, as an agent does. */
async function viaRouteSync() {
  const backend = await openKernelBackend({ protocol });
  const sync = new RouteSync({ backend, protocol, resyncIntervalMs: 0, gracefulRestart: false });
  await sync.start();
  const routes: KernelRoute[] = [];
  for (let i = 0; i < n; i++) {
    routes.push({
      prefix: { family: 4, address: benchDst(i), length: 32 },
      nexthops: [{ gateway: BENCH_GATEWAY }],
    });
  }
  let c0 = process.cpuUsage();
  let t0 = process.hrtime.bigint();
  const added = await sync.setDesired(routes);
  const install = seconds(t0);
  const installCpu = cpuSeconds(c0);
  // The batch left the watch groups while it ran, so a resync follows; let it finish untimed.
  await sync.resync();
  const installed = (await backend.listRoutes({ protocol, family: 4 })).length;
  c0 = process.cpuUsage();
  t0 = process.hrtime.bigint();
  const removed = await sync.flush();
  const remove = seconds(t0);
  const deleteCpu = cpuSeconds(c0);
  await sync.stop();
  const left = (await backend.listRoutes({ protocol, family: 4 })).length;
  backend.close();
  return {
    install_s: install,
    delete_s: remove,
    install_cpu: installCpu,
    delete_cpu: deleteCpu,
    installed,
    failed: added.failed.length + removed.failed.length,
    left,
  };
}

/** The `netlink` package's own rtnetlink API: one request (sendmsg + ACK) per route, 128 in flight. */
async function netlinkPackage() {
  const { createRtNetlink } = (await import("netlink")) as typeof import("netlink");
  const sock = createRtNetlink();
  const gw = Buffer.from(BENCH_GATEWAY.split(".").map(Number));
  const dst = (i: number) => Buffer.from(benchDst(i).split(".").map(Number));
  const data = { family: 2, dstLen: 32, table: 254, protocol, scope: 0, type: 1 } as const;
  async function run(fn: (i: number) => Promise<unknown>) {
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        await fn(i).catch(() => failed++);
      }
    };
    await Promise.all(Array.from({ length: 128 }, worker));
    return failed;
  }
  let t0 = process.hrtime.bigint();
  let failed = await run((i) =>
    sock.newRoute(data as never, { dst: dst(i), gateway: gw, table: 254 }, { flags: 0x400 | 0x200 }),
  );
  const install = seconds(t0);
  t0 = process.hrtime.bigint();
  failed += await run((i) =>
    sock.delRoute({ ...data, scope: 255, type: 0 } as never, { dst: dst(i), table: 254 }),
  );
  const remove = seconds(t0);
  sock.socket.close();
  return { install_s: install, delete_s: remove, failed };
}

const result =
  mode === "netlink-pkg"
    ? await netlinkPackage()
    : mode === "ours-sync"
      ? await viaRouteSync()
      : await ours(mode === "ours-each" ? "each" : "errors", mode !== "ours-plain", mode === "ours-warm");
process.stdout.write(`${JSON.stringify({ mode, n, ...result })}\n`);
