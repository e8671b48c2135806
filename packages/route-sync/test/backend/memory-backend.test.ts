import { describe, expect, it } from "vitest";
import { parsePrefix } from "../../src/index.js";
import { memoryWithLink, tick } from "../helpers/memory-fixture.js";

const p = parsePrefix;

describe("MemoryBackend", () => {
  it("applies a batch with per-route results like the kernel", async () => {
    const b = memoryWithLink();
    const res = await b.applyBatch([
      { op: "add", route: { prefix: p("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.2" }] } },
      { op: "add", route: { prefix: p("198.19.1.0/24"), nexthops: [{ gateway: "198.18.9.2" }] } },
      { op: "add", route: { prefix: p("198.19.2.0/24"), nexthops: [{ dev: "nope" }] } },
      { op: "add", route: { prefix: p("198.19.0.0/24"), kind: "blackhole" } },
      {
        op: "add",
        route: {
          prefix: p("198.19.3.0/24"),
          nexthops: [{ gateway: "198.18.200.1", dev: "d0", onlink: true }],
        },
      },
      { op: "remove", route: { prefix: p("198.19.9.0/24"), kind: "blackhole" } },
      { op: "add", route: { prefix: { family: 4, address: "198.19.4.1", length: 24 }, kind: "blackhole" } },
    ]);
    expect(res.map((r) => (r.ok ? "ok" : (r.error.errnoName ?? r.error.code)))).toEqual([
      "ok",
      "ENETUNREACH",
      "ENODEV",
      "EEXIST",
      "ok",
      "ESRCH",
      "INVALID_ROUTE",
    ]);
    const failed = res[1]!;
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toContain("198.19.1.0/24 via 198.18.9.2");
    expect((await b.listRoutes()).map((r) => r.prefix.address)).toEqual(["198.19.0.0", "198.19.3.0"]);
  });

  it("removes only routes of the given protocol", async () => {
    const b = memoryWithLink();
    await b.applyBatch([
      { op: "add", route: { prefix: p("198.19.0.0/24"), kind: "blackhole", protocol: 4 } },
    ]);
    const [res] = await b.applyBatch([
      { op: "remove", route: { prefix: p("198.19.0.0/24"), kind: "blackhole" } },
    ]);
    expect(res!.ok).toBe(false);
    expect(await b.listRoutes({ protocol: 4 })).toHaveLength(1);
  });

  it("filters by protocol, table, family and covering prefix", async () => {
    const b = memoryWithLink();
    await b.applyBatch([
      { op: "add", route: { prefix: p("198.19.0.0/24"), kind: "blackhole", table: 100 } },
      { op: "add", route: { prefix: p("198.19.1.0/24"), kind: "blackhole", protocol: 4 } },
      { op: "add", route: { prefix: p("198.20.0.0/16"), kind: "blackhole" } },
      { op: "add", route: { prefix: p("2001:db8:1::/48"), kind: "blackhole" } },
    ]);
    const names = async (f: Parameters<typeof b.listRoutes>[0]) =>
      (await b.listRoutes(f)).map((r) => `${r.prefix.address}/${r.prefix.length}`).sort();
    expect(await names({ table: 100 })).toEqual(["198.19.0.0/24"]);
    expect(await names({ protocol: 4 })).toEqual(["198.19.1.0/24"]);
    expect(await names({ family: 6 })).toEqual(["2001:db8:1::/48"]);
    expect(await names({ within: p("198.19.0.0/16") })).toEqual(["198.19.0.0/24", "198.19.1.0/24"]);
    expect(await names({ within: p("198.16.0.0/12"), protocols: [200] })).toEqual([
      "198.19.0.0/24",
      "198.20.0.0/16",
    ]);
  });

  it("notifies watchers of every change in order", async () => {
    const b = memoryWithLink();
    const seen: string[] = [];
    const stop = await b.watch((n) =>
      seen.push(n.type === "overrun" ? "overrun" : `${n.type} ${n.route.prefix.address}`),
    );
    await b.applyBatch([
      { op: "add", route: { prefix: p("198.19.0.0/24"), kind: "blackhole" } },
      { op: "replace", route: { prefix: p("198.19.0.0/24"), kind: "unreachable" } },
      { op: "remove", route: { prefix: p("198.19.0.0/24"), kind: "unreachable" } },
    ]);
    b.overrun();
    await tick();
    expect(seen).toEqual(["new 198.19.0.0", "new 198.19.0.0", "del 198.19.0.0", "overrun"]);
    stop();
  });
});
