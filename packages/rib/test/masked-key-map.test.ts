import { MaskedKeyMap } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/** A masked key: `n` prefixes of one length apart from 0, as an int32 (negative above 2^31). */
function key(n: number, zeroBits: number): number {
  return zeroBits === 32 ? 0 : Math.imul(n, (2 ** zeroBits) | 0);
}

describe("MaskedKeyMap", () => {
  it("behaves like a Map under random getOrAdd/set/delete sequences (property)", () => {
    const arb = fc.record({
      zeroBits: fc.constantFrom(1, 2, 8, 9, 16, 24, 31, 32),
      ops: fc.array(
        fc.tuple(fc.constantFrom("getOrAdd", "set", "delete"), fc.integer({ min: 0, max: 5000 })),
        { maxLength: 600 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ zeroBits, ops }) => {
        const m = new MaskedKeyMap<number>(zeroBits);
        const ref = new Map<number, number>();
        ops.forEach(([op, n], i) => {
          // Spread keys over the whole address space too (upper bits set: negative int32s).
          const k = key(n % 2 === 0 ? n : Math.imul(n, 40503), zeroBits);
          if (op === "getOrAdd") {
            const v = m.getOrAdd(k, i, (kk, arg) => {
              expect(kk).toBe(k);
              return arg;
            });
            if (!ref.has(k)) ref.set(k, i);
            expect(v).toBe(ref.get(k));
          } else if (op === "set") {
            expect(m.set(k, i)).toBe(!ref.has(k));
            ref.set(k, i);
          } else expect(m.delete(k)).toBe(ref.delete(k));
        });
        expect(m.size).toBe(ref.size);
        for (const [k, v] of ref) {
          expect(m.get(k)).toBe(v);
          expect(m.has(k)).toBe(true);
        }
        expect([...m.values()].sort((a, b) => a - b)).toEqual([...ref.values()].sort((a, b) => a - b));
      }),
      { seed: 4456, numRuns: 300 },
    );
  });

  it("keeps every entry through many growths of dense address-order runs, then deletes them all", () => {
    // /24s in address order: each /16's run shares a 256-slot block, so growth moves whole runs
    // and backward-shift deletion crosses block edges.
    const m = new MaskedKeyMap<number>(8);
    const keys: number[] = [];
    for (let i = 0; i < 70_000; i++) keys.push(((0x0a000000 + i * 256 * (i % 3 === 0 ? 3 : 1)) | 0) & ~0xff);
    const unique = [...new Set(keys)];
    unique.forEach((k, i) => {
      expect(m.set(k, i)).toBe(true);
    });
    expect(m.size).toBe(unique.length);
    unique.forEach((k, i) => {
      expect(m.get(k)).toBe(i);
    });
    for (let i = 0; i < unique.length; i += 2) expect(m.delete(unique[i]!)).toBe(true);
    unique.forEach((k, i) => {
      expect(m.get(k)).toBe(i % 2 === 0 ? undefined : i);
    });
    for (let i = 1; i < unique.length; i += 2) expect(m.delete(unique[i]!)).toBe(true);
    expect(m.size).toBe(0);
    expect([...m.values()]).toEqual([]);
  });

  it("stores the all-zero key (0.0.0.0/len) and the top of the space", () => {
    const m = new MaskedKeyMap<string>(8);
    expect(m.get(0)).toBeUndefined();
    m.set(0, "zero");
    m.set(0xffffff00 | 0, "top");
    expect(m.get(0)).toBe("zero");
    expect(m.get(0xffffff00 | 0)).toBe("top");
    expect(m.size).toBe(2);
    expect(m.delete(0)).toBe(true);
    expect(m.get(0)).toBeUndefined();
    expect(m.get(0xffffff00 | 0)).toBe("top");
  });

  it("refuses a key width it cannot mark occupied slots in", () => {
    expect(() => new MaskedKeyMap(0)).toThrow(/zeroBits must be 1\.\.32/);
    expect(() => new MaskedKeyMap(33)).toThrow(/zeroBits must be 1\.\.32/);
  });
});
