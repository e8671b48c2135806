import { describe, expect, it } from "vitest";
import { ASN4_CONTEXT, type Nlri, packUpdates } from "../../src/index.js";

/** /24s from a base address, enough to need several UPDATEs. */
function prefixes(base: number, n: number): Nlri[] {
  return Array.from({ length: n }, (_, i) => ({ prefix: { afi: 1, addr: (base + i * 256) >>> 0, len: 24 } }));
}

describe("packUpdates with its shared scratch writer", () => {
  it("gives the same messages when two packers are iterated in turn as when each runs alone", () => {
    const a = {
      attributes: { origin: 0, asPath: [], nextHop: { afi: 1, addr: 0xc6120001 } },
      announce: prefixes(0x0a000000, 3000),
    } as const;
    const b = {
      attributes: { origin: 2, asPath: [], nextHop: { afi: 1, addr: 0xc6120002 }, med: 7 },
      announce: prefixes(0x0b000000, 2500),
    } as const;
    const alone = [[...packUpdates(a, ASN4_CONTEXT)], [...packUpdates(b, ASN4_CONTEXT)]];
    expect(alone[0]!.length).toBeGreaterThan(1);
    expect(alone[1]!.length).toBeGreaterThan(1);

    const ga = packUpdates(a, ASN4_CONTEXT);
    const gb = packUpdates(b, ASN4_CONTEXT);
    const mixed: Uint8Array[][] = [[], []];
    for (;;) {
      const x = ga.next();
      const y = gb.next();
      if (!x.done) mixed[0]!.push(x.value);
      if (!y.done) mixed[1]!.push(y.value);
      if (x.done && y.done) break;
    }
    expect(mixed).toEqual(alone);
  });
});
