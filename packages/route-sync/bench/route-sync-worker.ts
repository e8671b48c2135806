/**
 * Runs inside the bench namespace (spawned by route-sync.bench.ts with `ip netns exec`):
 * installs then deletes N routes with one netlink layer and prints the timings as JSON.
 *   --mode ours-errors | ours-each | netlink-pkg   --n N   --protocol P
 */
import { parseArgs } from "node:util";
import { type KernelRoute, openKernelBackend, type RouteOp } from "../src/index.js";
import { BENCH_GATEWAY, benchDst } from "./bench-routes.js";

const { values } = parseArgs({
  options: { mode: { type: "string" }, n: { type: "string" }, protocol: { type: "string" } },
});
const n = Number(values.n);
const protocol = Number(values.protocol ?? 200);
const mode = values.mode ?? "ours-errors";

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function ours(ackMode: "errors" | "each") {
  const chunkSize = Number(process.env.TSBGP_RS_CHUNK ?? 256);
  const backend = await openKernelBackend({ protocol, ackMode, chunkSize });
  const routes: KernelRoute[] = [];
  for (let i = 0; i < n; i++) {
    routes.push({
      prefix: { family: 4, address: benchDst(i), length: 32 },
      nexthops: [{ gateway: BENCH_GATEWAY }],
    });
  }
  let t0 = process.hrtime.bigint();
  const add = await backend.applyBatch(routes.map((route): RouteOp => ({ op: "add", route })));
  const install = seconds(t0);
  const failed = add.filter((r) => !r.ok).length;
  const installed = (await backend.listRoutes({ protocol, family: 4 })).length;
  t0 = process.hrtime.bigint();
  const del = await backend.applyBatch(routes.map((route): RouteOp => ({ op: "remove", route })));
  const remove = seconds(t0);
  const left = (await backend.listRoutes({ protocol, family: 4 })).length;
  backend.close();
  return {
    install_s: install,
    delete_s: remove,
    installed,
    failed: failed + del.filter((r) => !r.ok).length,
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
  mode === "netlink-pkg" ? await netlinkPackage() : await ours(mode === "ours-each" ? "each" : "errors");
process.stdout.write(`${JSON.stringify({ mode, n, ...result })}\n`);
