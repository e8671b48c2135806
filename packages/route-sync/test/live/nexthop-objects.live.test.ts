/**
 * Kernel nexthop objects (RTA_NH_ID) against a real kernel, in a namespace this file creates:
 * sharing, ECMP groups, ownership, garbage collection, the plain fallback, reading routes that
 * carry only an id, and repair when someone deletes one of our objects. Every assertion reads
 * the kernel independently with `ip -j`.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KernelRoute, parsePrefix, type RouteOp } from "../../src/index.js";
import { Agent, createNetns, deleteNetns, ip, ipj } from "../helpers/netns.js";

type IpRoute = {
  dst: string;
  nhid?: number;
  gateway?: string;
  dev?: string;
  nexthops?: { gateway: string; dev: string; weight: number }[];
};
type IpNexthop = {
  id: number;
  gateway?: string;
  dev?: string;
  protocol?: string;
  group?: { id: number; weight?: number }[];
};
type Result = { ok: boolean; error?: { code: string; errnoName?: string; message: string } };
const p = parsePrefix;

async function waitFor<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("kernel backend: nexthop objects", () => {
  let ns: string;
  let agent: Agent;
  const show = (...sel: string[]) => ipj<IpRoute[]>(ns, "-4", "route", "show", ...sel);
  const nexthops = () => ipj<IpNexthop[]>(ns, "nexthop", "show");
  const apply = (ops: RouteOp[]) => agent.call<Result[]>("apply", { ops });
  const via = (prefix: string, gateway: string): RouteOp => ({
    op: "add",
    route: { prefix: p(prefix), nexthops: [{ gateway }] },
  });

  beforeAll(async () => {
    ns = createNetns();
    agent = new Agent(ns);
    await agent.call("open", { protocol: 200 });
  });

  afterAll(async () => {
    await agent?.close();
    if (ns) deleteNetns(ns);
  });

  it("routes through one gateway share one object owned by our protocol", async () => {
    const res = await apply([
      via("198.19.0.0/24", "198.18.0.2"),
      via("198.19.1.0/24", "198.18.0.2"),
      via("198.19.2.0/24", "198.18.0.2"),
    ]);
    expect(res.every((r) => r.ok)).toBe(true);
    const routes = show("proto", "200");
    expect(routes).toHaveLength(3);
    const ids = new Set(routes.map((r) => r.nhid));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(id).toBeGreaterThan(0);
    // The kernel still reports the gateway and device of an id route (nexthop_compat_mode=1).
    expect(routes[0]).toMatchObject({ gateway: "198.18.0.2", dev: "d0" });
    expect(nexthops()).toEqual([
      expect.objectContaining({ id, gateway: "198.18.0.2", dev: "d0", protocol: "200" }),
    ]);
    expect(await agent.call("usesNexthopObjects")).toBe(true);
  });

  it("an ECMP route uses a group of the single objects, with its weights", async () => {
    const [r] = await apply([
      {
        op: "add",
        route: {
          prefix: p("198.19.3.0/24"),
          nexthops: [
            { gateway: "198.18.0.2", weight: 1 },
            { gateway: "198.18.0.3", weight: 3 },
          ],
        },
      },
    ]);
    expect(r!.ok).toBe(true);
    const [route] = show("198.19.3.0/24");
    expect(route!.nexthops).toEqual([
      expect.objectContaining({ gateway: "198.18.0.2", dev: "d0", weight: 1 }),
      expect.objectContaining({ gateway: "198.18.0.3", dev: "d0", weight: 3 }),
    ]);
    const group = nexthops().find((n) => n.id === route!.nhid);
    expect(group?.group).toHaveLength(2);
    const single = show("198.19.0.0/24")[0]!.nhid;
    expect(group!.group!.map((m) => m.id)).toContain(single);
  });

  it("a gateway off every connected subnet still fails per route with ENETUNREACH", async () => {
    const res = await apply([via("198.19.4.0/24", "198.18.99.1"), via("198.19.5.0/24", "198.18.0.2")]);
    expect(res[0]).toMatchObject({ ok: false, error: { code: "KERNEL", errnoName: "ENETUNREACH" } });
    expect(res[0]!.error!.message).toContain("198.19.4.0/24 via 198.18.99.1");
    expect(res[1]!.ok).toBe(true);
    expect(show("198.19.4.0/24")).toEqual([]);
  });

  it("lists routes with their next hops even when the kernel reports only the id", async () => {
    const compat = (v: 0 | 1) =>
      execFileSync("ip", ["netns", "exec", ns, "sysctl", "-qw", `net.ipv4.nexthop_compat_mode=${v}`]);
    compat(0);
    try {
      expect(show("198.19.0.0/24")[0]!.gateway).toBeUndefined(); // the kernel's view: id only
      const ours = await agent.call<
        { prefix: { address: string }; nexthopId?: number; nexthops: { gateway?: string; dev?: string }[] }[]
      >("list", { filter: { protocol: 200, family: 4 } });
      const one = ours.find((r) => r.prefix.address === "198.19.0.0");
      expect(one).toMatchObject({ nexthops: [{ gateway: "198.18.0.2", dev: "d0" }] });
      expect(one!.nexthopId).toBeGreaterThan(0);
      const ecmp = ours.find((r) => r.prefix.address === "198.19.3.0");
      expect(ecmp?.nexthops).toEqual([
        expect.objectContaining({ gateway: "198.18.0.2", weight: 1 }),
        expect.objectContaining({ gateway: "198.18.0.3", weight: 3 }),
      ]);
    } finally {
      compat(1);
    }
  });

  it("re-sends a route as a plain route when its object was deleted behind our back", async () => {
    const id = show("198.19.0.0/24")[0]!.nhid!;
    ip(ns, "nexthop", "del", "id", String(id)); // the kernel drops every route using it, silently
    expect(show("198.19.0.0/24")).toEqual([]);
    const [r] = await apply([via("198.19.0.0/24", "198.18.0.2")]);
    expect(r!.ok).toBe(true);
    expect(show("198.19.0.0/24")[0]).toMatchObject({ gateway: "198.18.0.2" });
    // The next batch makes a fresh object again.
    const [r2] = await apply([via("198.19.6.0/24", "198.18.0.2")]);
    expect(r2!.ok).toBe(true);
    expect(show("198.19.6.0/24")[0]!.nhid).toBeGreaterThan(0);
  });

  it("collects objects no route uses and keeps the others", async () => {
    const before = nexthops().filter((n) => n.protocol === "200");
    const gw3 = before.find((n) => n.gateway === "198.18.0.3")!;
    expect(gw3).toBeDefined();
    // The ECMP route is the only user of the 198.18.0.3 object (and of the group).
    const res = await apply([{ op: "remove", route: { prefix: p("198.19.3.0/24") } }]);
    expect(res[0]!.ok).toBe(true);
    const deleted = await agent.call<number>("collect");
    expect(deleted).toBe(2); // the group and the 198.18.0.3 object
    const after = nexthops().filter((n) => n.protocol === "200");
    expect(after.map((n) => n.id)).not.toContain(gw3.id);
    expect(after.some((n) => n.group)).toBe(false);
    // Everything still installed still has its object.
    const used = new Set(show("proto", "200").map((r) => r.nhid));
    for (const id of used) if (id !== undefined) expect(after.map((n) => n.id)).toContain(id);
    expect(await agent.call<number>("collect")).toBe(0);
  });

  it("never collects an object another owner's route uses", async () => {
    // (198.19.1.0, .2.0 and .5.0 went with the object deleted in the test before.)
    const id = show("198.19.6.0/24")[0]!.nhid!;
    ip(ns, "route", "add", "198.19.7.0/24", "nhid", String(id), "proto", "static");
    await apply([
      { op: "remove", route: { prefix: p("198.19.5.0/24") } },
      { op: "remove", route: { prefix: p("198.19.6.0/24") } },
      { op: "remove", route: { prefix: p("198.19.0.0/24") } },
      { op: "remove", route: { prefix: p("198.19.1.0/24") } },
      { op: "remove", route: { prefix: p("198.19.2.0/24") } },
    ]);
    expect(show("proto", "200")).toEqual([]);
    await agent.call<number>("collect");
    expect(nexthops().map((n) => n.id)).toContain(id);
    expect(show("198.19.7.0/24")).toHaveLength(1);
    ip(ns, "route", "del", "198.19.7.0/24", "proto", "static");
    expect(await agent.call<number>("collect")).toBe(1);
    expect(nexthops().filter((n) => n.protocol === "200")).toEqual([]);
  });

  it("with nexthopObjects: false it installs plain routes", async () => {
    const plain = new Agent(ns);
    try {
      await plain.call("open", { protocol: 201, nexthopObjects: false });
      const res = await plain.call<Result[]>("apply", { ops: [via("198.19.8.0/24", "198.18.0.2")] });
      expect(res[0]!.ok).toBe(true);
      const [route] = show("198.19.8.0/24");
      expect(route).toMatchObject({ gateway: "198.18.0.2", dev: "d0" });
      expect(route!.nhid).toBeUndefined();
      expect(nexthops()).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe("RouteSync with nexthop objects: repair", () => {
  let ns: string;
  let agent: Agent;
  const show = (dst: string) => ipj<IpRoute[]>(ns, "-4", "route", "show", dst);
  const routes: KernelRoute[] = [
    { prefix: p("198.19.10.0/24"), nexthops: [{ gateway: "198.18.0.2" }] },
    { prefix: p("198.19.11.0/24"), nexthops: [{ gateway: "198.18.0.2" }] },
  ];

  beforeAll(async () => {
    ns = createNetns();
    agent = new Agent(ns);
    await agent.call("open", { protocol: 200 });
    await agent.call("sync.start", {});
    expect(await agent.call("sync.setDesired", { routes })).toMatchObject({ added: 2, failed: [] });
  });

  afterAll(async () => {
    await agent?.close();
    if (ns) deleteNetns(ns);
  });

  it("restores the routes the kernel dropped with a deleted object of ours", async () => {
    const id = show("198.19.10.0/24")[0]!.nhid!;
    expect(id).toBeGreaterThan(0);
    ip(ns, "nexthop", "del", "id", String(id));
    // No route notification comes for these; the object's deletion notice triggers a resync.
    await waitFor(() => show("198.19.10.0/24").length === 1 && show("198.19.11.0/24").length === 1);
    expect(show("198.19.10.0/24")[0]).toMatchObject({ gateway: "198.18.0.2", dev: "d0" });
    expect(show("198.19.11.0/24")[0]!.nhid).toBe(show("198.19.10.0/24")[0]!.nhid);
  });

  it("repairs the routes when someone points one of our objects elsewhere", async () => {
    const id = show("198.19.10.0/24")[0]!.nhid!;
    ip(ns, "nexthop", "replace", "id", String(id), "via", "198.18.0.77", "dev", "d0", "proto", "200");
    // Both routes follow the object at once; the object's change notice triggers the resync.
    await waitFor(
      () =>
        show("198.19.10.0/24")[0]?.gateway === "198.18.0.2" &&
        show("198.19.11.0/24")[0]?.gateway === "198.18.0.2",
    );
    expect(show("198.19.10.0/24")[0]!.nhid).not.toBe(id); // a fresh object for 198.18.0.2
  });

  it("flush removes our routes and our objects", async () => {
    await agent.call("sync.flush");
    expect(ipj<IpRoute[]>(ns, "-4", "route", "show", "proto", "200")).toEqual([]);
    expect(ipj<IpNexthop[]>(ns, "nexthop", "show")).toEqual([]);
  });
});
