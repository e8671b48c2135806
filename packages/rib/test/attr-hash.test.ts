import type { PathAttributes } from "@tsbgp/bgp-wire";
import { AttrStore, attributesEqual, attributesHash, attributesKey, ownedAttributes } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// A deliberately small value space so equal pairs are common.
const arbAttrs: fc.Arbitrary<PathAttributes> = fc
  .record(
    {
      origin: fc.constantFrom(0, 2) as fc.Arbitrary<0 | 2>,
      asPath: fc.array(
        fc.record({
          type: fc.constantFrom(1, 2) as fc.Arbitrary<1 | 2>,
          asns: fc.array(fc.constantFrom(1, 2, 4200000000), { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
      nextHop: fc.constantFrom(1, 0xc6120001).map((addr) => ({ afi: 1 as const, addr })),
      med: fc.constantFrom(0, 5),
      localPref: fc.constantFrom(100, 200),
      communities: fc.array(fc.constantFrom(1, 0xffffff01), { maxLength: 2 }),
      clusterList: fc.array(fc.constantFrom(7, 8), { maxLength: 1 }),
      largeCommunities: fc.array(fc.constant({ global: 1, local1: 2, local2: 3 }), { maxLength: 1 }),
      unknown: fc.array(
        fc.record({
          flags: fc.constant(0xc0),
          type: fc.constantFrom(99, 100),
          value: fc.uint8Array({ maxLength: 1 }),
        }),
        {
          maxLength: 1,
        },
      ),
    },
    { requiredKeys: [] },
  )
  .map((a) => a as PathAttributes);

describe("attribute hashing and equality", () => {
  it("equality agrees with the canonical text, and equal sets hash alike (property)", () => {
    fc.assert(
      fc.property(arbAttrs, arbAttrs, (a, b) => {
        const same = attributesKey(a) === attributesKey(b);
        expect(attributesEqual(a, b)).toBe(same);
        expect(attributesEqual(ownedAttributes(a), b)).toBe(same);
        if (same) expect(attributesHash(a)).toBe(attributesHash(b));
      }),
      { seed: 8092, numRuns: 2000 },
    );
  });

  it("the store interns by equality even when hashes collide", () => {
    const s = new AttrStore();
    const sets = Array.from({ length: 5000 }, (_, i) => s.intern({ origin: 0, med: i }));
    expect(s.size).toBe(5000);
    expect(new Set(sets).size).toBe(5000);
    expect(s.intern({ origin: 0, med: 1234 })).toBe(sets[1234]);
    for (const x of sets) s.release(x);
    s.release(sets[1234]!);
    expect(s.size).toBe(0);
  });
});
