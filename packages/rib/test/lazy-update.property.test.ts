import {
  createContext,
  decodeMessage,
  materializeUpdate,
  type Nlri,
  packUpdates,
  type PathAttributes,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { attributesKey, type Rib, type RouteChange } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeRib } from "./helpers.js";

// The fast path (lazy UPDATE walked in place, raw attribute bytes cached) must be
// indistinguishable from the general path (a plain, fully decoded UPDATE object).

const ctx = createContext({ asn4: true });

const v4Prefix = (i: number): Nlri => ({ prefix: { afi: 1, addr: (0xc6130000 + i * 256) >>> 0, len: 24 } });
const v6Prefix = (i: number): Nlri => {
  const addr = new Uint8Array(16);
  addr.set([0x20, 0x01, 0x0d, 0xb8, 0, i]);
  return { prefix: { afi: 2, addr, len: 48 } };
};

function attributes(variant: number, peerAs: number, v6: boolean): PathAttributes {
  const base: PathAttributes = {
    origin: 0,
    asPath: [{ type: 2, asns: [peerAs, 64500 + (variant % 3)] }],
    ...(variant % 2 === 0 ? { med: variant } : { communities: [(peerAs << 16) | variant] }),
    ...(variant === 3 ? { localPref: 300 } : {}),
  };
  if (!v6) return { ...base, nextHop: { afi: 1, addr: 0xc6120001 } };
  const nh = new Uint8Array(16);
  nh.set([0x20, 0x01, 0x0d, 0xb8, 0xff]);
  return {
    ...base,
    mpReach: {
      afi: 2,
      safi: 1,
      nextHop: { afi: 2, addr: nh },
      nextHopBytes: new Uint8Array(0),
      nlri: [],
      nlriBytes: new Uint8Array(0),
    },
  };
}

/** Sets the ORIGIN value of an encoded IPv4 UPDATE to 7: RFC 7606 §7.1 treat-as-withdraw. */
function breakOrigin(msg: Uint8Array): Uint8Array {
  const out = msg.slice();
  const wlen = (out[19]! << 8) | out[20]!;
  const at = 19 + 2 + wlen + 2; // first attribute: packUpdates writes ORIGIN first
  if (out[at + 1] !== 1) throw new Error("ORIGIN is not the first attribute");
  out[at + 3] = 7;
  return out;
}

const arbUpdate = fc.record({
  peer: fc.integer({ min: 0, max: 1 }),
  v6: fc.boolean(),
  variant: fc.integer({ min: 0, max: 4 }),
  announce: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
  withdraw: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 3 }),
  broken: fc.boolean(),
});
type Op = typeof arbUpdate extends fc.Arbitrary<infer T> ? T : never;

function encode(op: Op): Uint8Array[] {
  const mk = op.v6 ? v6Prefix : v4Prefix;
  const announce = op.announce.map(mk);
  const withdraw = op.withdraw.filter((i) => !op.announce.includes(i)).map(mk);
  const msgs = [
    ...packUpdates({ withdraw }, ctx),
    ...packUpdates({ attributes: attributes(op.variant, 65001 + op.peer, op.v6), announce }, ctx),
  ];
  return op.broken && !op.v6 && announce.length > 0
    ? msgs.map((m, i) => (i === msgs.length - 1 ? breakOrigin(m) : m))
    : msgs;
}

function locRib(rib: Rib): string[] {
  const out: string[] = [];
  for (const d of rib.destinations()) {
    const best = d.best;
    out.push(
      `${JSON.stringify(d.prefix, (_k, v) => (v instanceof Uint8Array ? [...v] : v))} n=${d.routeCount} ` +
        `best=${best ? `${best.peer.id}/${attributesKey(best.attrs!.attrs)}` : "-"} ${d.reason}`,
    );
  }
  return out.sort();
}

const changeText = (cs: readonly RouteChange[]) =>
  cs.map(
    (c) =>
      `${c.seq} ${c.op} ${JSON.stringify(c.nextHops, (_k, v) => (v instanceof Uint8Array ? [...v] : v))}`,
  );

describe("lazy UPDATE fast path", () => {
  it("gives the same outcomes, counters, Loc-RIB, changes and attribute sets as the general path", () => {
    fc.assert(
      fc.property(fc.array(arbUpdate, { minLength: 1, maxLength: 40 }), (ops) => {
        const fast = makeRib();
        const slow = makeRib();
        const peers = (rib: Rib) =>
          [0, 1].map((i) =>
            rib.addPeer({ address: { afi: 1, addr: 0xc6120001 + i }, asn: 65001 + i, routerId: i + 1 }),
          );
        const pf = peers(fast);
        const ps = peers(slow);
        for (const op of ops) {
          for (const bytes of encode(op)) {
            const lazy = decodeMessage(bytes, ctx) as UpdateMessage;
            const plain = materializeUpdate(decodeMessage(bytes, ctx) as UpdateMessage);
            expect(fast.applyUpdate(pf[op.peer]!, lazy)).toEqual(slow.applyUpdate(ps[op.peer]!, plain));
          }
          expect(changeText(fast.flush())).toEqual(changeText(slow.flush()));
        }
        expect(fast.counters).toEqual(slow.counters);
        expect(locRib(fast)).toEqual(locRib(slow));
        expect(fast.store.size).toBe(slow.store.size);
        for (const p of pf) fast.peerDown(p);
        fast.flush();
        expect(fast.store.size).toBe(0);
        expect(fast.prefixCount).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
