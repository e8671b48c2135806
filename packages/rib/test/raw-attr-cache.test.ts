import { createContext, decodeMessage, packUpdates, type UpdateMessage } from "@tsbgp/bgp-wire";
import { hashBytes, RawAttrCache } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, makeRib, v4 } from "./helpers.js";

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

/** Counts how often the UPDATE's attributes were decoded (the getter the fast path avoids). */
function counting(bytes: Uint8Array): { msg: UpdateMessage; decoded: () => number } {
  const msg = decodeMessage(bytes, ctx) as UpdateMessage;
  let n = 0;
  const proto = Object.getPrototypeOf(msg) as object;
  const desc = Object.getOwnPropertyDescriptor(proto, "attributes")!;
  Object.defineProperty(msg, "attributes", {
    get() {
      n++;
      return desc.get!.call(msg);
    },
  });
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
    expect(cache.get(probe, hashBytes(probe))?.set).toBe(set);
    bytes[0] = 0;
    expect(cache.get(probe, hashBytes(probe))?.set).toBe(set);
    cache.clear();
    expect(cache.get(probe, hashBytes(probe))).toBeUndefined();
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
