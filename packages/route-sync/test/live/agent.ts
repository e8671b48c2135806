/**
 * Test agent: runs inside a network namespace (spawned with `ip netns exec`) and drives
 * route-sync on commands read as JSON lines from stdin; answers as JSON lines on stdout.
 */
import { createInterface } from "node:readline";
import {
  type KernelBackend,
  type KernelRoute,
  nativeTransport,
  openKernelBackend,
  type RouteFilter,
  type RouteOp,
  RouteSync,
  type RouteSyncError,
} from "../../src/index.js";

let backend: KernelBackend | undefined;
let sync: RouteSync | undefined;
const events: unknown[] = [];

const errorJson = (e: RouteSyncError) => ({
  name: e.name,
  code: e.code,
  errnoName: e.errnoName,
  message: e.message,
  route: e.route,
  stack: e.stack,
});

function need<T>(v: T | undefined, what: string): T {
  if (!v) throw new Error(`${what} not open`);
  return v;
}

const commands: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  async open(a) {
    backend = await openKernelBackend({
      protocol: (a.protocol as number) ?? 200,
      // In-process watch socket (the `netlink` default), to show what the forked one avoids.
      ...(a.inProcessWatch ? { watchTransport: nativeTransport() } : {}),
      ...(a.nexthopObjects !== undefined ? { nexthopObjects: a.nexthopObjects as boolean } : {}),
    });
    return true;
  },
  collect: () => need(backend, "backend").collectNexthops(),
  usesNexthopObjects: async () => need(backend, "backend").usesNexthopObjects,
  async apply(a) {
    const res = await need(backend, "backend").applyBatch(a.ops as RouteOp[]);
    return res.map((r) => (r.ok ? { ok: true } : { ok: false, error: errorJson(r.error) }));
  },
  list: (a) => need(backend, "backend").listRoutes(a.filter as RouteFilter),
  links: () => need(backend, "backend").listLinks(),
  addresses: () => need(backend, "backend").listAddresses(),
  async "sync.start"(a) {
    sync = new RouteSync({
      backend: need(backend, "backend"),
      protocol: (a.protocol as number) ?? 200,
      resyncIntervalMs: (a.resyncIntervalMs as number) ?? 0,
      gracefulRestart: (a.gracefulRestart as boolean) ?? true,
    });
    sync.on("route:restored", (r, reason) => events.push({ type: "restored", prefix: r.prefix, reason }));
    sync.on("route:conflict", (w, f) =>
      events.push({ type: "conflict", prefix: w.prefix, foreign: f?.protocol }),
    );
    sync.on("route:error", (e) => events.push({ type: "error", error: errorJson(e) }));
    sync.on("sync:error", (e) => events.push({ type: "sync-error", error: errorJson(e) }));
    sync.on("sync:resynced", (r) =>
      events.push({ type: "resynced", report: { ...r, failed: r.failed.length } }),
    );
    await sync.start();
    return true;
  },
  "sync.setDesired": (a) => need(sync, "sync").setDesired(a.routes as KernelRoute[]),
  "sync.apply": (a) => need(sync, "sync").apply(a.changes as RouteOp[]),
  "sync.converged": () => need(sync, "sync").converged(),
  "sync.resync": () => need(sync, "sync").resync(),
  "sync.flush": () => need(sync, "sync").flush(),
  "sync.learn": (a) => need(sync, "sync").learn(a.filter as RouteFilter),
  /** Busy-loops the event loop (simulates heavy work while the kernel keeps changing). */
  async block(a) {
    const end = Date.now() + Number(a.ms);
    while (Date.now() < end) {}
    return true;
  },
  async pid() {
    return process.pid;
  },
  async events() {
    return events.splice(0);
  },
};

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const { id, cmd, args } = JSON.parse(line) as { id: number; cmd: string; args: Record<string, unknown> };
  const fn = commands[cmd];
  const p = fn ? fn(args) : Promise.reject(new Error(`unknown command ${cmd}`));
  p.then(
    (result) => process.stdout.write(`${JSON.stringify({ id, ok: true, result })}\n`),
    (e: RouteSyncError) =>
      process.stdout.write(`${JSON.stringify({ id, ok: false, error: errorJson(e) })}\n`),
  );
});
rl.on("close", () => {
  void (sync?.stop() ?? Promise.resolve()).finally(() => backend?.close());
});
