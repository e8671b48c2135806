import {
  createContext,
  decodeMessage,
  type PathAttributes,
  packUpdates,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { asPathCount, asPathLength, hashBytes, neighborAs, RawAttrCache } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attrs, comm, ip4, makeRib, v4 } from "./helpers.js";

const ctx = createContext({ asn4: true });

function update(prefixes: string[], path: number[], extra = {}): Uint8Array {
  const [m] = [
    ...packUpdates(
      { attributes: attrs(path, "198.18.0.2", extra), announce: prefixes.map((p) => ({ prefix: v4(p) })) },
      ctx,
    ),
  ];
  return m!;
}

/**
 * Counts how often the UPDATE's attributes were examined: decoded (`attributes`) or checked for
 * RFC 7606 problems (`action`, which a clean field answers without decoding). A cache hit does
 * neither.
 */
function counting(bytes: Uint8Array): { msg: UpdateMessage; decoded: () => number } {
  const msg = decodeMessage(bytes, ctx) as UpdateMessage;
  let n = 0;
  const proto = Object.getPrototypeOf(msg) as object;
  for (const name of ["attributes", "action"]) {
    const desc = Object.getOwnPropertyDescriptor(proto, name)!;
    Object.defineProperty(msg, name, {
      get() {
        n++;
        return desc.get!.call(msg);
      },
    });
  }
  return { msg, decoded: () => n };
}

describe("hashBytes", () => {
  it("depends on every byte and on the length", () => {
    const a = Uint8Array.from([1, 2, 3, 4, 5, 6, 7]);
    const seen = new Set([hashBytes(a)]);
    for (let i = 0; i < a.length; i++) {
      const b = a.slice();
      b[i]! ^= 0x40;
      seen.add(hashBytes(b));
    }
    seen.add(hashBytes(a.subarray(0, 6)));
    expect(seen.size).toBe(a.length + 2);
  });
});

describe("RawAttrCache", () => {
  it("keeps its own copy of the bytes", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.announce(peer, v4("10.0.0.0/8"), attrs([65001], "198.18.0.2"));
    const set = rib.lookup(v4("10.0.0.0/8"))!.best!.received;
    const cache = new RawAttrCache();
    const bytes = Uint8Array.from([9, 8, 7]);
    cache.set(bytes, hashBytes(bytes), set);
    const probe = Uint8Array.from([9, 8, 7]);
    expect(cache.get(probe, hashBytes(probe))).toBe(set);
    bytes[0] = 0;
    expect(cache.get(probe, hashBytes(probe))).toBe(set);
    cache.clear();
    expect(cache.get(probe, hashBytes(probe))).toBeUndefined();
  });

  it("tells a treat-as-withdraw verdict (null) from an unknown field (undefined), by range", () => {
    const cache = new RawAttrCache();
    const buf = Uint8Array.from([0, 0, 4, 5, 6, 0]);
    cache.set(buf, hashBytes(buf, 2, 5), null, 2, 5);
    expect(cache.get(Uint8Array.from([4, 5, 6]), hashBytes(buf, 2, 5))).toBeNull();
    expect(cache.get(Uint8Array.from([4, 5, 7]), hashBytes(buf, 2, 5))).toBeUndefined();
    expect(cache.get(Uint8Array.from([4, 5, 7]), hashBytes(Uint8Array.from([4, 5, 7])))).toBeUndefined();
  });
});

describe("Rib fast path with the raw-attribute cache", () => {
  it("decodes a repeated attribute section once and shares the interned set", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const first = counting(update(["10.0.0.0/24", "10.0.1.0/24"], [65001, 1]));
    const second = counting(update(["10.0.2.0/24"], [65001, 1]));
    expect(rib.applyUpdate(peer, first.msg).announced).toBe(2);
    expect(rib.applyUpdate(peer, second.msg).announced).toBe(1);
    expect(first.decoded()).toBe(1);
    expect(second.decoded()).toBe(0);
    const a = rib.lookup(v4("10.0.0.0/24"))!.best!;
    const b = rib.lookup(v4("10.0.2.0/24"))!.best!;
    expect(b.received).toBe(a.received);
    expect(rib.store.size).toBe(1);
    expect(b.received.refs).toBe(6); // 3 routes × (received + accepted: the same set from eBGP)
  });

  it("reports the counts of an UPDATE that only announces, however many prefixes it holds", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    for (const n of [1, 3, 255, 256, 300]) {
      const prefixes = Array.from({ length: n }, (_, i) => `10.${n & 0xff}.${i >> 8}.${i & 0xff}/32`);
      const out = rib.applyUpdate(peer, decodeMessage(update(prefixes, [65001, n]), ctx) as UpdateMessage);
      expect(out).toEqual({ announced: n, withdrawn: 0, treatedAsWithdraw: 0, endOfRib: null });
    }
    expect(rib.prefixCount).toBe(1 + 3 + 255 + 256 + 300);
  });

  it("does not hand out a set freed after all its routes went", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const bytes = update(["10.0.0.0/24"], [65001, 7]);
    rib.applyUpdate(peer, decodeMessage(bytes, ctx) as UpdateMessage);
    const old = rib.lookup(v4("10.0.0.0/24"))!.best!.received;
    rib.withdraw(peer, v4("10.0.0.0/24"));
    rib.flush();
    expect(rib.store.size).toBe(0);
    const again = counting(bytes);
    rib.applyUpdate(peer, again.msg);
    const now = rib.lookup(v4("10.0.0.0/24"))!.best!.received;
    expect(again.decoded()).toBe(1);
    expect(now).not.toBe(old);
    expect(rib.store.has(now)).toBe(true);
    expect(now.refs).toBe(2); // the route's received and accepted references
  });

  it("remembers a treat-as-withdraw verdict and still counts each NLRI", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    rib.announce(peer, v4("10.0.0.0/24"), attrs([65001], "198.18.0.2"));
    const bad = update(["10.0.0.0/24", "10.0.1.0/24"], [65001, 9]).slice();
    const at = 19 + 2 + 0 + 2; // no withdrawn routes; ORIGIN is the first attribute
    expect(bad[at + 1]).toBe(1);
    bad[at + 3] = 7; // RFC 7606 §7.1: a bad ORIGIN value is treat-as-withdraw
    const one = counting(bad);
    const two = counting(bad);
    expect(rib.applyUpdate(peer, one.msg)).toEqual({
      announced: 0,
      withdrawn: 1,
      treatedAsWithdraw: 2,
      endOfRib: null,
    });
    expect(rib.applyUpdate(peer, two.msg).treatedAsWithdraw).toBe(2);
    expect(two.decoded()).toBe(0);
    expect(rib.counters.treatedAsWithdraw).toBe(4);
    expect(rib.lookup(v4("10.0.0.0/24"))).toBeUndefined();
  });

  it("forgets the cache when the session ends", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const bytes = update(["10.0.0.0/24"], [65001, 3]);
    rib.applyUpdate(peer, decodeMessage(bytes, ctx) as UpdateMessage);
    rib.markStale(peer);
    const after = counting(bytes);
    rib.applyUpdate(peer, after.msg);
    expect(after.decoded()).toBe(1);
    expect(rib.lookup(v4("10.0.0.0/24"))!.best!.stale).toBe(false);
  });

  it("recognises attribute bytes after their reused Node Buffer is overwritten (the set keeps the field)", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const buf = Buffer.from(update(["10.0.0.0/24"], [65001, 4]));
    rib.applyUpdate(peer, decodeMessage(buf, ctx) as UpdateMessage);
    const set = rib.lookup(v4("10.0.0.0/24"))!.best!.received;
    buf.fill(0xee, 19 + 4);
    // Same bytes as before the overwrite: the cache compares with the compact set's own copy.
    const again = counting(update(["10.0.1.0/24"], [65001, 4]));
    rib.applyUpdate(peer, again.msg);
    expect(again.decoded()).toBe(0);
    expect(rib.lookup(v4("10.0.1.0/24"))!.best!.received).toBe(set);
    expect(set.attrs.asPath).toEqual([{ type: 2, asns: [65001, 4] }]);
  });
});

describe("Rib fast path for clean fields (nothing decoded)", () => {
  /** Counts reads of `attributes` alone: the decode the fast path must not need. */
  function decodes(bytes: Uint8Array): { msg: UpdateMessage; n: () => number } {
    const msg = decodeMessage(bytes, ctx) as UpdateMessage;
    let n = 0;
    const desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(msg) as object, "attributes")!;
    Object.defineProperty(msg, "attributes", {
      get() {
        n++;
        return desc.get!.call(msg);
      },
    });
    return { msg, n: () => n };
  }

  it("interns a clean field without decoding it, with the facts a decoded one would have", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const path = [
      { type: 2 as const, asns: [65001, 3356] },
      { type: 1 as const, asns: [64512, 64513] },
    ];
    const m = decodes(update(["10.0.0.0/24"], [], { asPath: path, med: 5, communities: [comm(65001, 7)] }));
    expect(rib.applyUpdate(peer, m.msg).announced).toBe(1);
    expect(m.n()).toBe(0);
    const set = rib.lookup(v4("10.0.0.0/24"))!.best!.received;
    expect(set.compact).toBe(true);
    // The same attributes interned from the decoded object (the general path) for comparison.
    const ref = makeRib().store.intern(
      attrs([], "198.18.0.2", { asPath: path, med: 5, communities: [comm(65001, 7)] }),
    );
    expect([set.pathLength, set.neighborAs, set.med, set.nextHop]).toEqual([
      ref.pathLength,
      ref.neighborAs,
      ref.med,
      ref.nextHop,
    ]);
    expect([set.pathLength, set.neighborAs]).toEqual([3, 65001]);
    expect(set.attrs.communities).toEqual([comm(65001, 7)]);
  });

  it("reads AS_PATH facts from the wire exactly as from the decoded path (property)", () => {
    const seg = fc.record({
      type: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
      asns: fc.array(fc.constantFrom(65000, 65001, 64512, 4200000000, 7), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 5 }), (path) => {
        const rib = makeRib();
        const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
        const m = decodes(update(["10.0.0.0/24"], [], { asPath: path }));
        rib.applyUpdate(peer, m.msg);
        expect(m.n()).toBe(0);
        const set = rib.lookup(v4("10.0.0.0/24"))!.routes[0]!.received;
        expect(set.compact).toBe(true);
        expect(set.pathLength).toBe(asPathLength(path));
        expect(set.neighborAs).toBe(neighborAs(path));
        for (const asn of [65000, 65001, 4200000000, 1])
          expect(set.asCount(asn)).toBe(asPathCount(path, asn));
      }),
      { seed: 4271, numRuns: 200 },
    );
  });

  it("still applies the loop checks to a field it did not decode (RFC 4271 §9.1.2, RFC 4456 §8)", () => {
    const rib = makeRib({ clusterId: ip4("10.9.9.9") });
    const peer = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65000, routerId: 1, rrClient: true });
    const loops: [string, Partial<PathAttributes>][] = [
      ["10.0.1.0/24", { asPath: [{ type: 2, asns: [64999, 65000] }] }],
      ["10.0.2.0/24", { originatorId: ip4("10.0.0.1") }],
      ["10.0.3.0/24", { clusterList: [ip4("10.1.1.1"), ip4("10.9.9.9")] }],
      ["10.0.4.0/24", { clusterList: [ip4("10.1.1.1")], originatorId: ip4("10.0.0.2") }],
    ];
    for (const [p, extra] of loops) {
      const m = decodes(update([p], [], { localPref: 100, ...extra }));
      rib.applyUpdate(peer, m.msg);
      expect(m.n()).toBe(0);
    }
    expect(rib.counters.rejected["as-loop"]).toBe(1);
    expect(rib.counters.rejected["originator-id-loop"]).toBe(1);
    expect(rib.counters.rejected["cluster-list-loop"]).toBe(1);
    expect(rib.lookup(v4("10.0.1.0/24"))?.best ?? null).toBeNull();
    expect(rib.lookup(v4("10.0.4.0/24"))!.best).not.toBeNull();
  });
});
