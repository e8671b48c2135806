import { IntMap } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("IntMap", () => {
  it("behaves like a Map under random set/delete sequences (property)", () => {
    const op = fc.tuple(
      fc.constantFrom("set", "delete"),
      fc.integer({ min: -40, max: 40 }).map((k) => k * 0x01000000),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const m = new IntMap<number>();
        const ref = new Map<number, number>();
        ops.forEach(([o, k], i) => {
          const key = k | 0;
          if (o === "set") {
            expect(m.set(key, i)).toBe(!ref.has(key));
            ref.set(key, i);
          } else expect(m.delete(key)).toBe(ref.delete(key));
        });
        expect(m.size).toBe(ref.size);
        for (const [k, v] of ref) expect(m.get(k)).toBe(v);
        expect([...m.values()].sort((a, b) => a - b)).toEqual([...ref.values()].sort((a, b) => a - b));
      }),
      { seed: 1997, numRuns: 300 },
    );
  });

  it("behaves like a Map for masked prefix keys in dense address-order runs (zeroBits, property)", () => {
    // Runs of consecutive prefixes share a 256-slot block (see IntMap.slot): dense runs, long
    // probe chains and backward-shift deletes across block edges must all stay correct.
    const arb = fc.record({
      zeroBits: fc.constantFrom(0, 8, 12, 24),
      keyless: fc.boolean(),
      runs: fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 600 })), {
        maxLength: 8,
      }),
      drop: fc.array(fc.nat(), { maxLength: 400 }),
    });
    fc.assert(
      fc.property(arb, ({ zeroBits, keyless, runs, drop }) => {
        type V = { key: number };
        const m = new IntMap<V>(16, keyless ? (v) => v.key : null, zeroBits);
        const ref = new Map<number, V>();
        const unit = 2 ** zeroBits;
        for (const [start, n] of runs)
          for (let i = 0; i < n; i++) {
            const key = (((start * 97 + i) * unit) % 2 ** 32) | 0;
            const v = m.getOrAdd(key, 0, (k) => ({ key: k }));
            if (!ref.has(key)) ref.set(key, v);
            expect(v).toBe(ref.get(key));
          }
        const keys = [...ref.keys()];
        for (const d of drop) {
          if (keys.length === 0) break;
          const key = keys.splice(d % keys.length, 1)[0]!;
          expect(m.delete(key)).toBe(true);
          ref.delete(key);
        }
        expect(m.size).toBe(ref.size);
        for (const [k, v] of ref) expect(m.get(k)).toBe(v);
        expect([...m.values()].length).toBe(ref.size);
      }),
      { seed: 4271, numRuns: 200 },
    );
  });

  it("getOrAdd makes a value only for a missing key, and grows like set", () => {
    const m = new IntMap<string>();
    const made: number[] = [];
    const make = (k: number, arg: number) => {
      made.push(k);
      return `v${k}/${arg}`;
    };
    for (let i = 0; i < 5000; i++) expect(m.getOrAdd(i * 256, 24, make)).toBe(`v${i * 256}/24`);
    for (let i = 0; i < 5000; i++) expect(m.getOrAdd(i * 256, 99, make)).toBe(`v${i * 256}/24`);
    expect(made).toHaveLength(5000);
    expect(m.size).toBe(5000);
    expect(m.get(4999 * 256)).toBe(`v${4999 * 256}/24`);
  });

  it("grows past its initial capacity", () => {
    const m = new IntMap<string>();
    for (let i = 0; i < 10000; i++) m.set(i * 256, `v${i}`);
    expect(m.size).toBe(10000);
    expect(m.get(9999 * 256)).toBe("v9999");
    expect(m.get(5)).toBeUndefined();
  });
});
