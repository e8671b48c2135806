import {
  ByteWriter,
  createContext,
  decodeMessage,
  decodePathAttributes,
  encodePathAttributes,
  type Nlri,
  packUpdates,
  type PathAttributes,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { AttrStore, asPathCount, attributesKey, hashBytes, IntMap, type RouteChange } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeRib } from "./helpers.js";

// Attribute sets interned from a cleanly decoded UPDATE are kept as their wire bytes; every
// fact read from them must be what the decoded object says, and the object must come back
// equal when asked for.

const ctx4 = createContext({ asn4: true });

const arbAttrs: fc.Arbitrary<PathAttributes> = fc
  .record(
    {
      origin: fc.constantFrom(0, 1, 2),
      // Up to 80 ASNs: past 63 four-octet ASNs the AS_PATH needs the Extended Length flag.
      asns: fc.array(fc.integer({ min: 1, max: 0xfffffffe }), { minLength: 0, maxLength: 80 }),
      nextHop: fc.integer({ min: 0x01000000, max: 0xdfffffff }),
      med: fc.option(fc.nat({ max: 0xffffffff }), { nil: undefined }),
      localPref: fc.option(fc.nat({ max: 0xffffffff }), { nil: undefined }),
      originatorId: fc.option(fc.integer({ min: 1, max: 0xffffffff }), { nil: undefined }),
      clusterList: fc.option(
        fc.array(fc.integer({ min: 1, max: 0xffffffff }), { minLength: 1, maxLength: 5 }),
        {
          nil: undefined,
        },
      ),
      communities: fc.option(fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 70 }), {
        nil: undefined,
      }),
    },
    { requiredKeys: ["origin", "asns", "nextHop"] },
  )
  .map((r) => {
    const a: { -readonly [K in keyof PathAttributes]: PathAttributes[K] } = {
      origin: r.origin,
      asPath: r.asns.length > 0 ? [{ type: 2, asns: r.asns }] : [],
      nextHop: { afi: 1, addr: r.nextHop },
    };
    if (r.med !== undefined) a.med = r.med;
    if (r.localPref !== undefined) a.localPref = r.localPref;
    if (r.originatorId !== undefined) a.originatorId = r.originatorId;
    if (r.clusterList !== undefined) a.clusterList = r.clusterList;
    if (r.communities !== undefined) a.communities = r.communities;
    return a;
  });

function wire(a: PathAttributes): Uint8Array {
  const w = new ByteWriter(256);
  encodePathAttributes(w, a, ctx4);
  return w.finish();
}

describe("compact attribute sets (kept as wire bytes)", () => {
  it("read every decision fact from the bytes as the decoded object has it (property)", () => {
    fc.assert(
      fc.property(arbAttrs, (a) => {
        const bytes = wire(a);
        const decoded = decodePathAttributes(bytes, ctx4).attributes;
        const store = new AttrStore();
        const set = store.internWire(bytes, hashBytes(bytes), true, decoded);
        const ref = new AttrStore().intern(decoded);
        expect(set.compact).toBe(true);
        expect(set.med).toBe(ref.med);
        expect(set.localPref).toBe(ref.localPref);
        expect(set.originatorId).toBe(ref.originatorId);
        expect(set.origin).toBe(ref.origin);
        expect(set.clusterLength).toBe(ref.clusterLength);
        expect(set.pathLength).toBe(ref.pathLength);
        expect(set.neighborAs).toBe(ref.neighborAs);
        expect(set.nextHop).toEqual(ref.nextHop);
        // A peek decodes without keeping the object.
        expect(attributesKey(set.peekAttrs())).toBe(attributesKey(decoded));
        expect(set.compact).toBe(true);
        // Asking for `attrs` decodes once and keeps it; the set is still found by its bytes.
        expect(attributesKey(set.attrs)).toBe(attributesKey(decoded));
        expect(set.compact).toBe(false);
        expect(set.attrs).toBe(set.attrs);
        expect(store.internWire(bytes, hashBytes(bytes), true, decoded)).toBe(set);
        expect(set.refs).toBe(2);
        // The same bytes under two-octet AS numbers mean something else: another set.
        expect(store.internWire(bytes, hashBytes(bytes), false, decoded)).not.toBe(set);
        // Interned from the bytes alone (the UPDATE fast path: nothing decoded), same facts.
        const bare = new AttrStore().internWire(bytes, hashBytes(bytes), true);
        expect(bare.compact).toBe(true);
        expect([bare.med, bare.localPref, bare.originatorId, bare.origin]).toEqual([
          ref.med,
          ref.localPref,
          ref.originatorId,
          ref.origin,
        ]);
        expect([bare.clusterLength, bare.pathLength, bare.neighborAs]).toEqual([
          ref.clusterLength,
          ref.pathLength,
          ref.neighborAs,
        ]);
        expect(bare.nextHop).toEqual(ref.nextHop);
        for (const id of [...(decoded.clusterList ?? []), 7])
          expect(bare.clusterListHas(id)).toBe(ref.clusterListHas(id));
        for (const asn of [...(decoded.asPath?.[0]?.asns.slice(0, 2) ?? []), 65000])
          expect(bare.asCount(asn)).toBe(ref.asCount(asn));
        expect(bare.compact).toBe(true);
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it("stay compact through a full ingest whose change listener reads only next hops", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 0xc6120002 }, asn: 65001, routerId: 2 });
    const seen: RouteChange[] = [];
    rib.onChange((cs) => {
      for (const c of cs) {
        expect(c.nextHops.length).toBe(1);
        seen.push(c);
      }
    });
    const sent: PathAttributes[] = [];
    for (let s = 0; s < 50; s++) {
      const a: PathAttributes = {
        origin: (s % 3) as 0 | 1 | 2,
        asPath: [{ type: 2, asns: [65001, 3356, 100000 + s] }],
        nextHop: { afi: 1, addr: 0xc6120002 },
        ...(s % 2 === 0 ? { med: s } : { communities: [(65001 << 16) | s] }),
      };
      sent.push(a);
      const nlri: Nlri[] = [0, 1, 2].map((i) => ({
        prefix: { afi: 1, addr: (0x0a000000 + (s * 3 + i) * 256) >>> 0, len: 24 },
      }));
      for (const m of packUpdates({ attributes: a, announce: nlri }, ctx4))
        rib.applyUpdate(peer, decodeMessage(m, ctx4) as UpdateMessage);
    }
    rib.flush();
    expect(seen.length).toBe(150);
    expect(rib.store.size).toBe(50);
    for (const d of rib.destinations()) expect(d.best!.attrs!.compact).toBe(true);
    // The summaries decode on demand, to what was sent.
    const first = seen[0]!;
    expect(attributesKey(first.best!.attrs)).toBe(attributesKey(sent[0]!));
    expect(JSON.parse(JSON.stringify(first.best)).attrs.med).toBe(0);
    expect(rib.lookup(first.prefix)!.best!.attrs!.compact).toBe(false);
  });

  it("give the same set back when a restarted peer re-sends the same bytes (no churn)", () => {
    const rib = makeRib();
    const peer = rib.addPeer({ address: { afi: 1, addr: 0xc6120002 }, asn: 65001, routerId: 2 });
    const a: PathAttributes = {
      origin: 0,
      asPath: [{ type: 2, asns: [65001] }],
      nextHop: { afi: 1, addr: 0xc6120002 },
    };
    const [msg] = [
      ...packUpdates({ attributes: a, announce: [{ prefix: { afi: 1, addr: 0x0a000000, len: 24 } }] }, ctx4),
    ];
    rib.applyUpdate(peer, decodeMessage(msg!, ctx4) as UpdateMessage);
    rib.flush();
    const before = rib.lookup({ afi: 1, addr: 0x0a000000, len: 24 })!.best!;
    // Something decodes it (an export, say); then the session restarts gracefully.
    expect(before.attrs!.attrs.asPath).toEqual([{ type: 2, asns: [65001] }]);
    rib.markStale(peer);
    rib.applyUpdate(peer, decodeMessage(msg!, ctx4) as UpdateMessage);
    expect(rib.flush()).toEqual([]);
    const after = rib.lookup({ afi: 1, addr: 0x0a000000, len: 24 })!.best!;
    expect(after).toBe(before);
    expect(after.stale).toBe(false);
  });
});

describe("IntMap reading keys from its values", () => {
  it("behaves like a Map under random set/delete sequences (property)", () => {
    type Box = { readonly key: number; readonly n: number };
    const op = fc.tuple(
      fc.constantFrom("set", "delete"),
      fc.integer({ min: -40, max: 40 }).map((k) => k * 0x01000000),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const m = new IntMap<Box>(16, (b) => b.key);
        const ref = new Map<number, number>();
        ops.forEach(([o, k], i) => {
          const key = k | 0;
          if (o === "set") {
            expect(m.set(key, { key, n: i })).toBe(!ref.has(key));
            ref.set(key, i);
          } else expect(m.delete(key)).toBe(ref.delete(key));
        });
        expect(m.size).toBe(ref.size);
        for (const [k, v] of ref) expect(m.get(k)?.n).toBe(v);
        expect(m.getOrAdd(0x7f000000, 0, (key) => ({ key, n: -1 })).key).toBe(0x7f000000);
      }),
      { seed: 1998, numRuns: 300 },
    );
  });

  it("refuses a value whose own key is another", () => {
    const m = new IntMap<{ key: number }>(16, (b) => b.key);
    expect(() => m.set(5, { key: 6 })).toThrow(RangeError);
  });
});

describe("own-AS count taken while interning from bytes", () => {
  it("equals the count over the decoded path, for either AS width (property)", () => {
    const seg = fc.record({
      type: fc.constantFrom(1, 2),
      asns: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(
        fc.array(seg, { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (path, own, asn4) => {
          const ctx = createContext({ asn4 });
          const a: PathAttributes = { origin: 0, asPath: path, nextHop: { afi: 1, addr: 0x0a000001 } };
          const w = new ByteWriter(512);
          encodePathAttributes(w, a, ctx);
          const bytes = w.finish();
          const store = new AttrStore({ ownAs: own });
          const set = store.internWire(bytes, hashBytes(bytes), asn4);
          const want = asPathCount(decodePathAttributes(bytes, ctx).attributes.asPath, own);
          expect(store.asCount(set, own)).toBe(want);
          expect(set.ownAsCount).toBe(want < 7 ? want : -1);
          // Another AS is walked, as is a store that was given none.
          expect(store.asCount(set, own + 1)).toBe(asPathCount(a.asPath, own + 1));
          const plain = new AttrStore().internWire(bytes, hashBytes(bytes), asn4);
          expect(plain.ownAsCount).toBe(-1);
          expect(new AttrStore().asCount(plain, own)).toBe(want);
        },
      ),
    );
  });
});
