/**
 * route-sync on the in-memory backend: conflicts with another protocol's route, repair of a
 * route deleted behind our back, and a graceful restart that keeps unchanged routes in place.
 */
import { once } from "node:events";
import { formatRoute, MemoryBackend, parsePrefix, RouteSync, type SyncReport } from "@tsbgp/route-sync";

const PROTO_BGP = 186; // our routes carry this rtm_protocol; other numbers are not ours
const PROTO_STATIC = 4; // what `ip route add` uses
const show = (r: SyncReport) =>
  `added ${r.added}, replaced ${r.replaced}, removed ${r.removed}, unchanged ${r.unchanged}, conflicts ${r.conflicts}`;

const backend = new MemoryBackend(); // openKernelBackend({ protocol: PROTO_BGP }) on Linux
// Someone else's route, e.g. an operator's static route.
await backend.applyBatch([
  { op: "add", route: { prefix: parsePrefix("198.19.9.0/24"), kind: "blackhole", protocol: PROTO_STATIC } },
]);

const first = new RouteSync({ backend, protocol: PROTO_BGP, resyncIntervalMs: 0 });
first.on("route:conflict", (want, foreign) =>
  console.log(`conflict: ${formatRoute(want)} is held by protocol ${foreign?.protocol}`),
);
await first.start();
const via = (gateway: string) => [{ gateway }];
const report = await first.setDesired([
  { prefix: parsePrefix("198.19.1.0/24"), nexthops: via("198.18.0.2") },
  { prefix: parsePrefix("198.19.2.0/24"), nexthops: via("198.18.0.2") },
  { prefix: parsePrefix("198.19.3.0/24"), nexthops: via("198.18.0.3") },
  { prefix: parsePrefix("198.19.9.0/24"), nexthops: via("198.18.0.3") }, // the static one
]);
console.log(`first run: ${show(report)}`);

// Somebody deletes one of our routes: the watch notices and puts it back.
const restored = once(first, "route:restored");
await backend.applyBatch([
  { op: "remove", route: { prefix: parsePrefix("198.19.1.0/24"), protocol: PROTO_BGP } },
]);
const [route, reason] = await restored;
console.log(`restored (${reason}): ${formatRoute(route)}`);

// The agent restarts: the routes stay in the kernel while the new process learns the table.
await first.stop();
const second = new RouteSync({ backend, protocol: PROTO_BGP, resyncIntervalMs: 0 });
await second.start();
console.log(`after restart: ${second.installedRoutes().length} routes found, kept as stale`);
const again = await second.setDesired([
  { prefix: parsePrefix("198.19.1.0/24"), nexthops: via("198.18.0.2") }, // same as before
  { prefix: parsePrefix("198.19.2.0/24"), nexthops: via("198.18.0.3") }, // new next hop
]);
console.log(`second run: ${show(again)}`);
console.log(`converged: ${show(await second.converged())}`); // 198.19.3.0/24 was not wanted again
for (const r of await backend.listRoutes()) console.log(`kernel ${formatRoute(r)}`);
await second.stop();
