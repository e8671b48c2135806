/**
 * Kernel backend against a real kernel, in a namespace this file creates. Every assertion reads
 * the kernel independently with `ip -j route show`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePrefix, type RouteOp } from "../../src/index.js";
import { Agent, createNetns, deleteNetns, ip, ipj } from "../helpers/netns.js";

let ns: string;
let agent: Agent;

beforeAll(async () => {
  ns = createNetns();
  agent = new Agent(ns);
  await agent.call("open", { protocol: 200 });
});

afterAll(async () => {
  await agent?.close();
  if (ns) deleteNetns(ns);
});

type IpRoute = {
  dst: string;
  type?: string;
  gateway?: string;
  dev?: string;
  metric?: number;
  protocol?: string;
  flags?: string[];
  nexthops?: { gateway: string; dev: string; weight: number }[];
};
const show = (...sel: string[]) => ipj<IpRoute[]>(ns, "-4", "route", "show", ...sel);
const show6 = (...sel: string[]) => ipj<IpRoute[]>(ns, "-6", "route", "show", ...sel);
const p = parsePrefix;
type Result = { ok: boolean; error?: { code: string; errnoName?: string; message: string } };
const apply = (ops: RouteOp[]) => agent.call<Result[]>("apply", { ops });

describe("kernel backend: install, replace, delete", () => {
  it("installs an IPv4 gateway route with our protocol", async () => {
    const [r] = await apply([
      { op: "add", route: { prefix: p("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.2" }] } },
    ]);
    expect(r).toEqual({ ok: true });
    expect(show("198.19.0.0/24", "proto", "200")).toEqual([
      expect.objectContaining({ dst: "198.19.0.0/24", gateway: "198.18.0.2", dev: "d0" }),
    ]);
  });

  it("replaces it in place with another gateway and metric-preserving key", async () => {
    const [r] = await apply([
      {
        op: "replace",
        route: { prefix: p("198.19.0.0/24"), nexthops: [{ gateway: "198.18.0.3", dev: "d0" }] },
      },
    ]);
    expect(r!.ok).toBe(true);
    const routes = show("198.19.0.0/24");
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ gateway: "198.18.0.3", dev: "d0" });
  });

  it("refuses add on an existing key with EEXIST", async () => {
    const [r] = await apply([{ op: "add", route: { prefix: p("198.19.0.0/24"), kind: "blackhole" } }]);
    expect(r).toMatchObject({ ok: false, error: { code: "KERNEL", errnoName: "EEXIST" } });
    expect(show("198.19.0.0/24")[0]!.type).toBeUndefined(); // still the unicast route
  });

  it("deletes it by prefix alone", async () => {
    const [r] = await apply([{ op: "remove", route: { prefix: p("198.19.0.0/24") } }]);
    expect(r!.ok).toBe(true);
    expect(show("198.19.0.0/24")).toEqual([]);
  });

  it("does not delete a route of another protocol on the same prefix (ESRCH)", async () => {
    ip(ns, "route", "add", "198.19.9.0/24", "via", "198.18.0.2", "proto", "static");
    const [r] = await apply([{ op: "remove", route: { prefix: p("198.19.9.0/24"), kind: "blackhole" } }]);
    expect(r).toMatchObject({ ok: false, error: { errnoName: "ESRCH" } });
    expect(show("198.19.9.0/24")).toHaveLength(1);
  });
});

describe("kernel backend: route kinds and attributes", () => {
  it("installs ECMP with weights", async () => {
    const [r] = await apply([
      {
        op: "add",
        route: {
          prefix: p("198.19.2.0/24"),
          nexthops: [
            { gateway: "198.18.0.2", weight: 1 },
            { gateway: "198.18.0.3", weight: 3 },
          ],
        },
      },
    ]);
    expect(r!.ok).toBe(true);
    const [route] = show("198.19.2.0/24");
    expect(route!.nexthops).toEqual([
      expect.objectContaining({ gateway: "198.18.0.2", dev: "d0", weight: 1 }),
      expect.objectContaining({ gateway: "198.18.0.3", dev: "d0", weight: 3 }),
    ]);
  });

  it.each(["blackhole", "unreachable", "prohibit"] as const)("installs a %s route", async (kind) => {
    const prefix = { blackhole: "198.19.10.0/24", unreachable: "198.19.11.0/24", prohibit: "198.19.12.0/24" }[
      kind
    ];
    const [r] = await apply([{ op: "add", route: { prefix: p(prefix), kind } }]);
    expect(r!.ok).toBe(true);
    expect(show(prefix)).toEqual([expect.objectContaining({ dst: prefix, type: kind })]);
  });

  it("installs in a non-main table (id > 255) with a metric", async () => {
    const [r] = await apply([
      {
        op: "add",
        route: { prefix: p("198.19.3.0/24"), nexthops: [{ gateway: "198.18.0.2" }], table: 1000, metric: 42 },
      },
    ]);
    expect(r!.ok).toBe(true);
    expect(show("table", "1000")).toEqual([expect.objectContaining({ dst: "198.19.3.0/24", metric: 42 })]);
    expect(show("198.19.3.0/24")).toEqual([]); // not in main
  });

  it("keeps routes that differ only by metric apart", async () => {
    const res = await apply([
      { op: "add", route: { prefix: p("198.19.4.0/24"), nexthops: [{ gateway: "198.18.0.2" }], metric: 10 } },
      { op: "add", route: { prefix: p("198.19.4.0/24"), nexthops: [{ gateway: "198.18.0.3" }], metric: 20 } },
    ]);
    expect(res.every((x) => x.ok)).toBe(true);
    expect(show("198.19.4.0/24").map((x) => [x.metric, x.gateway])).toEqual([
      [10, "198.18.0.2"],
      [20, "198.18.0.3"],
    ]);
  });

  it("installs an onlink route through a gateway outside the connected subnet", async () => {
    const [r] = await apply([
      {
        op: "add",
        route: {
          prefix: p("198.19.5.0/24"),
          nexthops: [{ gateway: "198.18.200.1", dev: "d0", onlink: true }],
        },
      },
    ]);
    expect(r!.ok).toBe(true);
    expect(show("198.19.5.0/24")[0]).toMatchObject({ gateway: "198.18.200.1", dev: "d0", flags: ["onlink"] });
  });

  it("installs IPv6 unicast, ECMP and blackhole routes", async () => {
    const res = await apply([
      { op: "add", route: { prefix: p("2001:db8:1::/48"), nexthops: [{ gateway: "2001:db8::2" }] } },
      {
        op: "add",
        route: {
          prefix: p("2001:db8:2::/48"),
          nexthops: [
            { gateway: "2001:db8::2", dev: "d0", weight: 2 },
            { gateway: "2001:db8::3", dev: "d0", weight: 5 },
          ],
        },
      },
      { op: "add", route: { prefix: p("2001:db8:3::/48"), kind: "blackhole", metric: 7 } },
    ]);
    expect(res.map((x) => x.ok)).toEqual([true, true, true]);
    expect(show6("2001:db8:1::/48")[0]).toMatchObject({ gateway: "2001:db8::2", dev: "d0", metric: 1024 });
    expect(show6("2001:db8:2::/48")[0]!.nexthops).toEqual([
      expect.objectContaining({ gateway: "2001:db8::2", weight: 2 }),
      expect.objectContaining({ gateway: "2001:db8::3", weight: 5 }),
    ]);
    expect(show6("2001:db8:3::/48")[0]).toMatchObject({ type: "blackhole", metric: 7 });
  });

  it("lists routes back exactly as the kernel holds them, ours and others", async () => {
    const ours = await agent.call<{ prefix: { address: string; length: number }; protocol: number }[]>(
      "list",
      {
        filter: { protocol: 200 },
      },
    );
    const kernelOurs = [...show("table", "all", "proto", "200"), ...show6("table", "all", "proto", "200")];
    expect(ours.length).toBe(kernelOurs.length);
    const all = await agent.call<{ protocol: number }[]>("list", {});
    expect(all.some((r) => r.protocol === 4)).toBe(true); // the static route from above
    expect(all.some((r) => r.protocol === 2)).toBe(true); // kernel connected route of d0
    const ecmp = ours.find((r) => r.prefix.address === "198.19.2.0");
    expect(ecmp).toMatchObject({
      nexthops: [
        { gateway: "198.18.0.2", dev: "d0", weight: 1 },
        { gateway: "198.18.0.3", dev: "d0", weight: 3 },
      ],
    });
  });

  it("lists links and addresses", async () => {
    const links = await agent.call<{ name: string }[]>("links");
    expect(links.map((l) => l.name).sort()).toEqual(["d0", "d1", "lo"]);
    const addrs = await agent.call<{ address: string; prefixLength: number }[]>("addresses");
    expect(addrs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: "198.18.0.1", prefixLength: 24 }),
        expect.objectContaining({ address: "2001:db8::1", prefixLength: 64 }),
      ]),
    );
  });
});

describe("kernel backend: a batch with invalid routes", () => {
  it("installs the valid routes and reports each invalid one with its errno", async () => {
    const ops: RouteOp[] = [];
    for (let i = 0; i < 300; i++) {
      ops.push({
        op: "add",
        route: { prefix: p(`198.19.${100 + (i >> 8)}.${i & 255}/32`), nexthops: [{ gateway: "198.18.0.2" }] },
      });
    }
    ops.splice(10, 0, {
      op: "add",
      route: { prefix: p("198.19.200.0/24"), nexthops: [{ gateway: "198.18.99.1" }] },
    });
    ops.splice(150, 0, {
      op: "add",
      route: { prefix: p("198.19.201.0/24"), nexthops: [{ dev: "nosuchdev" }] },
    });
    ops.splice(299, 0, {
      op: "add",
      route: { prefix: { family: 4, address: "198.19.202.1", length: 24 }, kind: "blackhole" },
    });
    const res = await apply(ops);
    const bad = res.flatMap((r, i) => (r.ok ? [] : [[i, r.error!.errnoName ?? r.error!.code]]));
    expect(bad).toEqual([
      [10, "ENETUNREACH"],
      [150, "ENODEV"],
      [299, "INVALID_ROUTE"],
    ]);
    expect(res[10]!.error!.message).toContain("198.19.200.0/24 via 198.18.99.1");
    const installed = show("proto", "200").filter((r) => /^198\.19\.10[01]\.\d+$/.test(r.dst));
    expect(installed).toHaveLength(300);
    expect(show("198.19.200.0/24")).toEqual([]);
  });
});
