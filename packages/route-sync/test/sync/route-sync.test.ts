import { afterEach, describe, expect, it } from "vitest";
import { type NormalizedRoute, parsePrefix, RouteSync } from "../../src/index.js";
import { memoryWithLink, routes, tick } from "../helpers/memory-fixture.js";

const syncs: RouteSync[] = [];
afterEach(async () => {
  for (const s of syncs.splice(0)) await s.stop();
});

async function started(backend = memoryWithLink(), gracefulRestart = true) {
  const sync = new RouteSync({
    backend,
    protocol: 200,
    resyncIntervalMs: 0,
    repairDelayMs: 5,
    gracefulRestart,
  });
  syncs.push(sync);
  await sync.start();
  return { sync, backend };
}

const ours = (b: ReturnType<typeof memoryWithLink>) => b.listRoutes({ protocol: 200 });

describe("RouteSync desired state", () => {
  it("installs the desired set, then applies only the difference", async () => {
    const { sync, backend } = await started();
    const first = await sync.setDesired(routes(10));
    expect(first).toMatchObject({ added: 10, replaced: 0, removed: 0, unchanged: 0 });
    const next = routes(12);
    next[3] = { ...next[3]!, nexthops: [{ gateway: "198.18.0.3" }] };
    next.splice(0, 1);
    const second = await sync.setDesired(next);
    // Not converged yet after a fresh start: nothing was stale, so removal is immediate.
    expect(second).toMatchObject({ added: 2, replaced: 1, removed: 1, unchanged: 8 });
    expect(await ours(backend)).toHaveLength(11);
  });

  it("applies incremental changes", async () => {
    const { sync, backend } = await started();
    await sync.setDesired(routes(3));
    const r = await sync.apply([
      { op: "remove", route: routes(1)[0]! },
      { op: "add", route: { prefix: parsePrefix("198.19.9.0/24"), kind: "blackhole" } },
    ]);
    expect(r).toMatchObject({ added: 1, removed: 1 });
    expect((await ours(backend)).map((x) => x.prefix.address).sort()).toEqual([
      "198.19.0.1",
      "198.19.0.2",
      "198.19.9.0",
    ]);
  });

  it("removes by identity alone (prefix, table, metric)", async () => {
    const { sync, backend } = await started();
    await sync.setDesired([...routes(2), ...routes(1, { table: 100, metric: 5 })]);
    const r = await sync.apply([
      { op: "remove", route: { prefix: parsePrefix("198.19.0.0/32") } },
      { op: "remove", route: { prefix: parsePrefix("198.19.0.0/32"), table: 100, metric: 5 } },
    ]);
    expect(r).toMatchObject({ removed: 2, failed: [] });
    expect((await ours(backend)).map((x) => x.prefix.address)).toEqual(["198.19.0.1"]);
  });

  it("reports invalid and refused routes without aborting the rest", async () => {
    const { sync, backend } = await started();
    const errors: string[] = [];
    sync.on("route:error", (e) => errors.push(e.errnoName ?? e.code));
    const report = await sync.setDesired([
      ...routes(3),
      { prefix: { family: 4, address: "198.19.5.1", length: 24 }, kind: "blackhole" },
      { prefix: parsePrefix("198.19.6.0/24"), nexthops: [{ gateway: "198.18.99.1" }] },
    ]);
    expect(report.added).toBe(3);
    expect(report.failed.map((f) => f.error.errnoName ?? f.error.code)).toEqual([
      "INVALID_ROUTE",
      "ENETUNREACH",
    ]);
    expect(errors).toEqual(["INVALID_ROUTE", "ENETUNREACH"]);
    expect(await ours(backend)).toHaveLength(3);
  });

  it("never touches routes of other protocols and reports a conflict instead", async () => {
    const backend = memoryWithLink();
    await backend.applyBatch([
      { op: "add", route: { prefix: parsePrefix("198.19.0.0/32"), kind: "blackhole", protocol: 4 } },
    ]);
    const { sync } = await started(backend);
    const conflicts: [NormalizedRoute, NormalizedRoute | undefined][] = [];
    sync.on("route:conflict", (w, f) => conflicts.push([w, f]));
    const report = await sync.setDesired(routes(2));
    expect(report).toMatchObject({ added: 1, conflicts: 1 });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]![1]!.protocol).toBe(4);
    expect((await backend.listRoutes({ protocol: 4 }))[0]!.kind).toBe("blackhole");
    expect(sync.conflictKeys()).toEqual(["254|198.19.0.0/32|0"]);
    // Once we no longer want the prefix there is no conflict left, and the foreign route stays.
    await sync.setDesired(routes(2).slice(1));
    expect(sync.conflictKeys()).toEqual([]);
    expect(await backend.listRoutes({ protocol: 4 })).toHaveLength(1);
  });

  it("takes over foreign routes only when asked", async () => {
    const backend = memoryWithLink();
    await backend.applyBatch([
      { op: "add", route: { prefix: parsePrefix("198.19.0.0/32"), kind: "blackhole", protocol: 4 } },
    ]);
    const sync = new RouteSync({ backend, protocol: 200, resyncIntervalMs: 0, takeOver: true });
    syncs.push(sync);
    await sync.start();
    expect(await sync.setDesired(routes(1))).toMatchObject({ replaced: 1, conflicts: 0 });
    expect(await backend.listRoutes({ protocol: 4 })).toHaveLength(0);
  });
});

describe("RouteSync watch and repair", () => {
  it("restores a deleted route and a changed one", async () => {
    const { sync, backend } = await started();
    await sync.setDesired(routes(3));
    const restored: string[] = [];
    sync.on("route:restored", (r, why) => restored.push(`${r.prefix.address} ${why}`));
    const [a, b] = routes(2);
    await backend.applyBatch([
      { op: "remove", route: { ...a!, protocol: 200 } },
      { op: "replace", route: { ...b!, protocol: 200, nexthops: [{ gateway: "198.18.0.77" }] } },
    ]);
    await tick(40);
    expect(restored.sort()).toEqual(["198.19.0.0 deleted", "198.19.0.1 changed"]);
    const now = await ours(backend);
    expect(now).toHaveLength(3);
    expect(now.every((r) => r.nexthops[0]!.gateway === "198.18.0.2")).toBe(true);
  });

  it("does not mistake its own changes for tampering", async () => {
    const { sync } = await started();
    const restored: unknown[] = [];
    sync.on("route:restored", (r) => restored.push(r));
    await sync.setDesired(routes(50));
    await sync.setDesired(routes(20));
    await sync.apply(routes(5).map((route) => ({ op: "remove" as const, route })));
    await tick(40);
    expect(restored).toEqual([]);
  });

  it("reports a foreign route taking our prefix, and reinstalls when it goes away", async () => {
    const { sync, backend } = await started();
    await sync.setDesired(routes(2));
    const events: string[] = [];
    sync.on("route:conflict", (w, f) => events.push(`conflict ${w.prefix.address} proto ${f?.protocol}`));
    sync.on("route:restored", (r, why) => events.push(`restored ${r.prefix.address} ${why}`));
    const [a] = routes(1);
    await backend.applyBatch([
      { op: "replace", route: { ...a!, protocol: 4, kind: "blackhole", nexthops: [] } },
    ]);
    await tick(40);
    expect(events).toEqual(["conflict 198.19.0.0 proto 4"]);
    expect((await backend.listRoutes({ protocol: 4 })).length).toBe(1);
    await backend.applyBatch([
      { op: "remove", route: { ...a!, protocol: 4, kind: "blackhole", nexthops: [] } },
    ]);
    await tick(40);
    expect(events).toEqual(["conflict 198.19.0.0 proto 4", "restored 198.19.0.0 conflict-cleared"]);
    expect(await ours(backend)).toHaveLength(2);
  });

  it("resyncs fully after lost notifications", async () => {
    const { sync, backend } = await started();
    await sync.setDesired(routes(4));
    await sync.stop(); // stop watching, then tamper unseen
    const sync2 = new RouteSync({ backend, protocol: 200, resyncIntervalMs: 0, repairDelayMs: 5 });
    syncs.push(sync2);
    await sync2.start();
    await sync2.setDesired(routes(4));
    expect(await sync2.converged()).toMatchObject({ removed: 0 });
    const [a] = routes(1);
    // Remove it as another program would while the notification is lost.
    const unwatched = await backend.applyBatch([{ op: "remove", route: { ...a!, protocol: 200 } }]);
    expect(unwatched[0]!.ok).toBe(true);
    const done = new Promise<unknown>((r) => sync2.once("sync:resynced", r));
    backend.overrun();
    expect(await done).toMatchObject({ added: 1, unchanged: 3 });
    expect(await ours(backend)).toHaveLength(4);
  });

  it("runs the periodic full resync", async () => {
    const backend = memoryWithLink();
    const sync = new RouteSync({ backend, protocol: 200, resyncIntervalMs: 30 });
    syncs.push(sync);
    await sync.start();
    await sync.setDesired(routes(2));
    const report = await new Promise((r) => sync.once("sync:resynced", r));
    expect(report).toMatchObject({ unchanged: 2, added: 0, removed: 0 });
  });
});

describe("RouteSync graceful restart", () => {
  it("keeps stale routes until converged, then removes only the leftovers", async () => {
    const backend = memoryWithLink();
    const { sync: first } = await started(backend);
    await first.setDesired(routes(5));
    await first.stop(); // agent "restarts": routes stay

    const changes: string[] = [];
    await backend.watch((n) => {
      if (n.type !== "overrun") changes.push(`${n.type} ${n.route.prefix.address}`);
    });
    const { sync } = await started(backend);
    const desired = routes(4);
    desired[1] = { ...desired[1]!, nexthops: [{ gateway: "198.18.0.9" }] };
    const report = await sync.setDesired(desired);
    expect(report).toMatchObject({ added: 0, replaced: 1, removed: 0, unchanged: 3 });
    expect(await ours(backend)).toHaveLength(5); // the stale 5th route is still there
    const swept = new Promise<number>((r) => sync.once("sync:stale-swept", r));
    expect(await sync.converged()).toMatchObject({ removed: 1 });
    expect(await swept).toBe(1);
    await tick();
    // Unchanged routes were never deleted nor re-added.
    expect(changes).toEqual(["new 198.19.0.1", "del 198.19.0.4"]);
  });

  it("without graceful restart the first reconciliation removes leftovers", async () => {
    const backend = memoryWithLink();
    const { sync: first } = await started(backend);
    await first.setDesired(routes(3));
    await first.stop();
    const { sync } = await started(backend, false);
    expect(await sync.setDesired(routes(1))).toMatchObject({ removed: 2, unchanged: 1 });
  });

  it("learns routes of other protocols by filter", async () => {
    const backend = memoryWithLink();
    await backend.applyBatch([
      { op: "add", route: { prefix: parsePrefix("198.18.64.0/26"), kind: "blackhole", protocol: 80 } },
      { op: "add", route: { prefix: parsePrefix("198.19.0.0/24"), kind: "blackhole", protocol: 4 } },
    ]);
    const { sync } = await started(backend);
    const learned = await sync.learn({ protocol: 80, within: parsePrefix("198.18.0.0/16") });
    expect(learned.map((r) => `${r.kind} ${r.prefix.address}/${r.prefix.length}`)).toEqual([
      "blackhole 198.18.64.0/26",
    ]);
  });

  it("flush removes all our routes", async () => {
    const { sync, backend } = await started();
    await sync.setDesired(routes(6));
    expect(await sync.flush()).toMatchObject({ removed: 6 });
    expect(await ours(backend)).toHaveLength(0);
  });

  it("refuses to work before start", async () => {
    const sync = new RouteSync({ backend: memoryWithLink() });
    await expect(sync.setDesired([])).rejects.toMatchObject({ code: "CLOSED" });
  });
});
