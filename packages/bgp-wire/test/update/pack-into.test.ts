import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CodecContext, createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { type PackInput, packUpdates, packUpdatesInto } from "../../src/message/pack.js";
import { parseIpv6 } from "../../src/prefix-format.js";
import type { Nlri } from "../../src/types/address.js";
import type { PathAttributes } from "../../src/types/attributes.js";
import { ByteWriter } from "../../src/writer.js";

const ctx = createContext({ asn4: true });
const v4 = (n: number, len = 24): Nlri => ({ prefix: { afi: 1, addr: ((10 << 24) | (n << 8)) >>> 0, len } });
const v6 = (n: number): Nlri => {
  const addr = parseIpv6("2001:db8::");
  addr[4] = n >> 8;
  addr[5] = n & 0xff;
  return { prefix: { afi: 2, addr, len: 48 } };
};
const shared: PathAttributes = {
  origin: 0,
  asPath: [{ type: 2, asns: [65001, 65002] }],
  nextHop: { afi: 1, addr: 0xc0000201 },
  communities: [0xfde90001],
};
const v6Attrs: PathAttributes = {
  origin: 0,
  asPath: [],
  mpReach: {
    afi: 2,
    safi: 1,
    nextHop: { afi: 2, addr: parseIpv6("2001:db8::1") },
    nextHopBytes: new Uint8Array(0),
    nlri: [],
    nlriBytes: new Uint8Array(0),
  },
  localPref: 100,
};

/** The messages back to back, as a plain Uint8Array (what the code under test returns). */
const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** What packUpdatesInto appends after `prefix` bytes already in the writer, and the count. */
function packed(input: PackInput, c: CodecContext = ctx): { bytes: Uint8Array; count: number } {
  const w = new ByteWriter(16);
  w.u32(0xdeadbeef);
  const count = packUpdatesInto(w, input, c);
  const all = w.view();
  expect([...all.subarray(0, 4)]).toEqual([0xde, 0xad, 0xbe, 0xef]);
  return { bytes: all.slice(4), count };
}

describe("packUpdatesInto", () => {
  it("appends exactly the messages packUpdates yields, back to back", () => {
    const inputs: PackInput[] = [
      { attributes: shared, announce: Array.from({ length: 5000 }, (_, i) => v4(i)) },
      { attributes: v6Attrs, announce: Array.from({ length: 700 }, (_, i) => v6(i)) },
      {
        withdraw: [
          ...Array.from({ length: 1500 }, (_, i) => v4(i)),
          ...Array.from({ length: 300 }, (_, i) => v6(i)),
        ],
      },
      { attributes: shared, announce: [v4(1), v4(2)], withdraw: [v4(3), v6(4)] },
    ];
    for (const input of inputs) {
      const messages = [...packUpdates(input, ctx)];
      const { bytes, count } = packed(input);
      expect(count).toBe(messages.length);
      expect(bytes).toEqual(concat(messages));
    }
  });

  it("fills up to 65535 bytes with RFC 8654 extended messages", () => {
    const ext = createContext({ asn4: true, extendedMessage: true });
    const input = { attributes: shared, announce: Array.from({ length: 20000 }, (_, i) => v4(i % 65536)) };
    const { bytes, count } = packed(input, ext);
    expect(count).toBe(2);
    expect((bytes[16]! << 8) | bytes[17]!).toBeGreaterThan(65000);
    expect(bytes).toEqual(concat([...packUpdates(input, ext)]));
  });

  it("appends nothing when it throws, so the writer holds only whole messages", () => {
    const w = new ByteWriter(64);
    const n = packUpdatesInto(w, { attributes: shared, announce: [v4(1)] }, ctx);
    const before = w.view().slice();
    const huge: PathAttributes = { ...shared, communities: Array.from({ length: 1100 }, (_, i) => i) };
    const bad: PackInput[] = [
      { attributes: huge, announce: [v4(1)] },
      { attributes: shared, announce: [v4(1), v6(1)] },
      { attributes: { origin: 0 }, announce: [v4(1)] },
      // Withdrawals first, then the failing announcement: the withdrawals are taken back too.
      { attributes: huge, announce: [v4(2)], withdraw: [v4(3)] },
    ];
    for (const input of bad) {
      expect(() => packUpdatesInto(w, input, ctx)).toThrowError(BgpWireError);
      expect(w.view()).toEqual(before);
    }
    expect(n).toBe(1);
  });

  it("agrees with packUpdates for any mix of /8-/32 announcements and withdrawals", () => {
    const nlri = fc.array(
      fc.record({ n: fc.integer({ min: 0, max: 65535 }), len: fc.integer({ min: 8, max: 32 }) }),
      { maxLength: 1500 },
    );
    fc.assert(
      fc.property(nlri, nlri, (a, w) => {
        const input: PackInput = {
          attributes: shared,
          announce: a.map((x) => v4(x.n, x.len)),
          withdraw: w.map((x) => v4(x.n, x.len)),
        };
        const messages = [...packUpdates(input, ctx)];
        const { bytes, count } = packed(input);
        expect(count).toBe(messages.length);
        expect(bytes).toEqual(concat(messages));
      }),
      { numRuns: 60 },
    );
  });
});
