import {
  ByteWriter,
  createContext,
  decodeMessage,
  decodePathAttributes,
  encodePathAttributes,
  type PathAttributes,
  packUpdates,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { type AttrSet, AttrStore, attributesKey, hashBytes, WireArena } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, makeRib, v4 } from "./helpers.js";

const ctx4 = createContext({ asn4: true });

function wire(a: PathAttributes): Uint8Array {
  const w = new ByteWriter(256);
  encodePathAttributes(w, a, ctx4);
  return w.finish();
}

/** A distinct attribute field for each `i` (the MED and the origin AS differ). */
function field(i: number): Uint8Array {
  return wire({ ...attrs([65001, 64512 + (i % 1000), 4200000000 + i], "198.18.0.2"), med: i });
}

describe("WireArena", () => {
  it("copies the lead byte and the range, and starts a new slab when one is full", () => {
    const arena = new WireArena();
    const src = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
    const at1 = arena.place(src, 10, 2010, 1);
    const slab1 = arena.slab;
    expect(slab1[at1]).toBe(1);
    expect([...slab1.subarray(at1 + 1, at1 + 2001)]).toEqual([...src.subarray(10, 2010)]);
    // 2001 + 2501 bytes do not fit the first 4 KiB slab: the second field starts a new one.
    const at2 = arena.place(src, 0, 2500, 0);
    expect(arena.slab).not.toBe(slab1);
    expect(at2).toBe(0);
    expect(arena.slab[0]).toBe(0);
    expect([...arena.slab.subarray(1, 2501)]).toEqual([...src.subarray(0, 2500)]);
    // The first slab's unused tail counts as dead; the source was not written to.
    expect(arena.liveBytes).toBe(2001 + 2501);
    expect(arena.deadBytes).toBe(4096 - 2001);
    expect(src[10]).toBe(10);
  });

  it("gives a field longer than any slab a slab of its own", () => {
    const arena = new WireArena();
    const big = new Uint8Array(70000).fill(7);
    const at = arena.place(big, 0, big.length, 1);
    expect(at).toBe(0);
    expect(arena.slab.length).toBeGreaterThanOrEqual(70001);
    expect(arena.slab[70000]).toBe(7);
  });

  it("asks for compaction only once dead bytes are many and over half the live ones", () => {
    const arena = new WireArena();
    const src = new Uint8Array(999);
    for (let i = 0; i < 1000; i++) arena.place(src, 0, src.length, 1);
    expect(arena.wantsCompaction).toBe(false);
    for (let i = 0; i < 300; i++) arena.free(1000);
    // 300 kB dead against 700 kB live: not yet.
    expect(arena.wantsCompaction).toBe(false);
    for (let i = 0; i < 100; i++) arena.free(1000);
    expect(arena.wantsCompaction).toBe(true);
    arena.restart(arena.liveBytes);
    expect([arena.liveBytes, arena.deadBytes]).toEqual([0, 0]);
    expect(arena.slab.length).toBeGreaterThanOrEqual(600 * 1000);
  });
});

describe("AttrStore wire arena", () => {
  it("reclaims the bytes of freed sets, and live sets read the same after the move", () => {
    const store = new AttrStore();
    const n = 12000;
    const fields = Array.from({ length: n }, (_, i) => field(i));
    const sets: AttrSet[] = fields.map((b) => store.internWire(b, hashBytes(b), true));
    const perSet = (i: number) => fields[i]!.length + 1;
    let live = 0;
    for (let i = 0; i < n; i++) live += perSet(i);
    expect(store.wireBytes.live).toBe(live);
    const slabBefore = (sets[n - 1] as unknown as { slab: Uint8Array }).slab;

    // Free nine sets in ten: the dead bytes pass half the live ones and the store compacts.
    for (let i = 0; i < n; i++) if (i % 10 !== 0) store.release(sets[i]!);
    const kept = sets.filter((_, i) => i % 10 === 0);
    let keptBytes = 0;
    for (let i = 0; i < n; i += 10) keptBytes += perSet(i);
    expect(store.size).toBe(kept.length);
    expect(store.wireBytes.live).toBe(keptBytes);
    // Compaction ran: what is dead now is at most the tail of the fresh slab's successors.
    expect(store.wireBytes.dead).toBeLessThan(live - keptBytes);
    expect((kept.at(-1) as unknown as { slab: Uint8Array }).slab).not.toBe(slabBefore);

    for (let k = 0; k < kept.length; k++) {
      const i = k * 10;
      const set = kept[k]!;
      const b = fields[i]!;
      expect(set.med).toBe(i);
      expect(set.wireEquals(b, 0, b.length, true)).toBe(true);
      expect(set.wireEquals(b, 0, b.length, false)).toBe(false);
      // Still found by its bytes (no second set), and still decodes to the field's attributes.
      expect(store.internWireAt(b, 0, b.length, hashBytes(b), true)).toBe(set);
      store.release(set);
      expect(attributesKey(set.peekAttrs())).toBe(attributesKey(decodePathAttributes(b, ctx4).attributes));
    }
  });

  it("interns a field given by its bounds inside a larger buffer as the field alone", () => {
    const store = new AttrStore();
    const b = field(42);
    const buf = new Uint8Array(b.length + 20).fill(0xee);
    buf.set(b, 13);
    const inPlace = store.internWireAt(buf, 13, 13 + b.length, hashBytes(buf, 13, 13 + b.length), true);
    expect(hashBytes(buf, 13, 13 + b.length)).toBe(hashBytes(b));
    expect(store.internWire(b, hashBytes(b), true)).toBe(inPlace);
    expect(inPlace.med).toBe(42);
    expect(store.wireBytes.live).toBe(b.length + 1);
  });
});

describe("RIB over the wire arena", () => {
  /** One UPDATE from the wire: `n` /24s under 10/8 from `first`, a set of its own (MED = tag). */
  function wireUpdate(first: number, n: number, tag: number): UpdateMessage {
    const announce = Array.from({ length: n }, (_, i) => ({
      prefix: v4(`10.${((first + i) >> 8) & 0xff}.${(first + i) & 0xff}.0/24`),
    }));
    const [m] = [
      ...packUpdates({ attributes: { ...attrs([65001, tag], "198.18.0.2"), med: tag }, announce }, ctx4),
    ];
    return decodeMessage(m!, ctx4) as UpdateMessage;
  }

  it("frees a peer's sets and their bytes when it goes, and keeps serving the next session", () => {
    const rib = makeRib();
    const a = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    const b = rib.addPeer({ address: { afi: 1, addr: 2 }, asn: 65001, routerId: 2 });
    // 15,000 sets of ~40 bytes from a: ~480 kB of kept forms, enough for compaction to run
    // while they are freed. b holds 100 sets of its own, which must survive every move.
    for (let i = 0; i < 15000; i++) rib.applyUpdate(a, wireUpdate(i * 4, 4, 100000 + i));
    for (let i = 0; i < 100; i++) rib.applyUpdate(b, wireUpdate(60000 + i, 1, 200000 + i));
    rib.flush();
    expect(rib.store.size).toBe(15100);
    const before = rib.store.wireBytes.live;
    expect(before).toBeGreaterThan(400_000);
    rib.removePeer(a);
    rib.flush();
    expect(rib.store.size).toBe(100);
    // Only b's kept forms are live, and what is dead was reclaimed along the way.
    expect(rib.store.wireBytes.live).toBeLessThan(before / 100);
    expect(rib.store.wireBytes.dead).toBeLessThan(before / 2);
    for (let i = 0; i < 100; i++) {
      const r = rib.lookup(v4(`10.${((60000 + i) >> 8) & 0xff}.${(60000 + i) & 0xff}.0/24`))!.best!;
      expect(r.attrs!.med).toBe(200000 + i);
      expect(r.attrs!.attrs.asPath).toEqual([{ type: 2, asns: [65001, 200000 + i] }]);
    }
    // The same session again (a new peer object): its sets are interned afresh and read right.
    const a2 = rib.addPeer({ address: { afi: 1, addr: 1 }, asn: 65001, routerId: 1 });
    for (let i = 0; i < 50; i++) rib.applyUpdate(a2, wireUpdate(i * 4, 4, 100000 + i));
    rib.flush();
    expect(rib.store.size).toBe(150);
    expect(rib.lookup(v4("10.0.4.0/24"))!.best!.attrs!.med).toBe(100001);
  });
});
