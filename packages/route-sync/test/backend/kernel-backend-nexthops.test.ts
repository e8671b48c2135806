/**
 * The kernel backend's use of nexthop objects against a fake kernel: sharing, the fallback to
 * plain routes (no kernel support, object refused, object gone), and what goes on the wire.
 */
import { describe, expect, it } from "vitest";
import {
  decodeRoute,
  type NlMessage,
  openKernelBackend,
  parsePrefix,
  RtmType,
  type RouteOp,
  readMessages,
  routeNexthopId,
} from "../../src/index.js";
import { FakeKernel } from "../helpers/fake-kernel.js";

const EINVAL = 22;
const EOPNOTSUPP = 95;
const ENETUNREACH = 101;

/** Gateway of an RTM_NEWNEXTHOP or RTM_NEWROUTE request, as text. */
const gatewayOf = (m: NlMessage): string | undefined =>
  m.type === RtmType.NEWROUTE ? decodeRoute(m)?.nexthops[0]?.gateway : undefined;

function sent(kernel: FakeKernel, type: number): NlMessage[] {
  return kernel.datagrams.flatMap((d) => [...readMessages(d)]).filter((m) => m.type === type);
}

const add = (prefix: string, gateway: string): RouteOp => ({
  op: "add",
  // An explicit ifindex: the fake kernel answers no route lookups, and a gateway object needs a device.
  route: { prefix: parsePrefix(prefix), nexthops: [{ gateway, ifindex: 3 }] },
});

describe("kernel backend with nexthop objects (fake kernel)", () => {
  it("makes one object for routes sharing a gateway and names it in each route", async () => {
    const kernel = new FakeKernel();
    const backend = await openKernelBackend({ transport: kernel.factory, protocol: 200 });
    const res = await backend.applyBatch([
      add("198.19.0.0/24", "198.18.0.2"),
      add("198.19.1.0/24", "198.18.0.2"),
      add("198.19.2.0/24", "198.18.0.3"),
    ]);
    expect(res.every((r) => r.ok)).toBe(true);
    expect(sent(kernel, RtmType.NEWNEXTHOP)).toHaveLength(2);
    const routes = sent(kernel, RtmType.NEWROUTE);
    const ids = routes.map(routeNexthopId);
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(routes.map(gatewayOf)).toEqual([undefined, undefined, undefined]); // the id replaces it
    // A later batch reuses the objects.
    await backend.applyBatch([add("198.19.3.0/24", "198.18.0.2")]);
    expect(sent(kernel, RtmType.NEWNEXTHOP)).toHaveLength(2);
    expect(routeNexthopId(sent(kernel, RtmType.NEWROUTE)[3]!)).toBe(ids[0]);
    backend.close();
  });

  it("sends plain routes, now and later, when the kernel has no nexthop objects", async () => {
    const kernel = new FakeKernel({ answer: (m) => (m.type === RtmType.NEWNEXTHOP ? EOPNOTSUPP : 0) });
    const backend = await openKernelBackend({ transport: kernel.factory, protocol: 200 });
    const res = await backend.applyBatch([add("198.19.0.0/24", "198.18.0.2")]);
    expect(res[0]!.ok).toBe(true);
    expect(backend.usesNexthopObjects).toBe(false);
    await backend.applyBatch([add("198.19.1.0/24", "198.18.0.2")]);
    expect(sent(kernel, RtmType.NEWNEXTHOP)).toHaveLength(1); // tried once only
    const routes = sent(kernel, RtmType.NEWROUTE);
    expect(routes.map(routeNexthopId)).toEqual([0, 0]);
    expect(routes.map(gatewayOf)).toEqual(["198.18.0.2", "198.18.0.2"]);
    backend.close();
  });

  it("sends a route plain when its object is refused, so it gets the kernel's own errno", async () => {
    const kernel = new FakeKernel({
      answer: (m) => {
        if (m.type === RtmType.NEWNEXTHOP) return m.payload.includes(99) ? EINVAL : 0; // 198.18.99.1
        return gatewayOf(m) === "198.18.99.1" ? ENETUNREACH : 0;
      },
    });
    const backend = await openKernelBackend({ transport: kernel.factory, protocol: 200 });
    const res = await backend.applyBatch([
      add("198.19.0.0/24", "198.18.99.1"),
      add("198.19.1.0/24", "198.18.0.2"),
    ]);
    expect(res[0]).toMatchObject({ ok: false, error: { code: "KERNEL", errnoName: "ENETUNREACH" } });
    expect(res[0]!.ok || res[0]!.error.message).toContain("198.19.0.0/24 via 198.18.99.1");
    expect(res[1]!.ok).toBe(true);
    expect(backend.usesNexthopObjects).toBe(true);
    backend.close();
  });

  it("re-sends a route plain when the kernel no longer knows its object (EINVAL)", async () => {
    let refuseIds = false;
    const kernel = new FakeKernel({
      answer: (m) => (m.type === RtmType.NEWROUTE && refuseIds && routeNexthopId(m) !== 0 ? EINVAL : 0),
    });
    const backend = await openKernelBackend({ transport: kernel.factory, protocol: 200 });
    await backend.applyBatch([add("198.19.0.0/24", "198.18.0.2")]);
    refuseIds = true; // as if `ip nexthop del` removed it
    const res = await backend.applyBatch([
      add("198.19.1.0/24", "198.18.0.2"),
      add("198.19.2.0/24", "198.18.0.2"),
    ]);
    expect(res.map((r) => r.ok)).toEqual([true, true]);
    const routes = sent(kernel, RtmType.NEWROUTE).slice(1);
    expect(routes.map(routeNexthopId).map((id) => id > 0)).toEqual([true, true, false, false]);
    expect(routes.slice(2).map(gatewayOf)).toEqual(["198.18.0.2", "198.18.0.2"]);
    backend.close();
  });

  it("sends plain routes with nexthopObjects: false, and blackholes and device routes always", async () => {
    const kernel = new FakeKernel();
    const off = await openKernelBackend({ transport: kernel.factory, protocol: 200, nexthopObjects: false });
    await off.applyBatch([add("198.19.0.0/24", "198.18.0.2")]);
    off.close();
    const on = await openKernelBackend({ transport: kernel.factory, protocol: 200 });
    await on.applyBatch([
      { op: "add", route: { prefix: parsePrefix("198.19.1.0/24"), kind: "blackhole" } },
      { op: "add", route: { prefix: parsePrefix("198.19.2.0/24"), nexthops: [{ ifindex: 3 }] } },
    ]);
    on.close();
    expect(sent(kernel, RtmType.NEWNEXTHOP)).toHaveLength(0);
    expect(sent(kernel, RtmType.NEWROUTE).map(routeNexthopId)).toEqual([0, 0, 0]);
  });
});
