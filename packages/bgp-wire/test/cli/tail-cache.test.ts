import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AsciiOutput } from "../../src/cli/output.js";
import { TailCache } from "../../src/cli/tail-cache.js";

/** Entry `i`'s tail as `out` appends it from its kept zone. */
function text(c: TailCache, out: AsciiOutput, i: number): string {
  out.reset();
  out.copyKept(c.tailAt(i), c.tailLength(i));
  return Buffer.from(out.view()).toString("latin1");
}

/** Looks `key` up and adds `tail` on a miss, as the RIB formatter does; returns the tail text. */
function lookup(c: TailCache, out: AsciiOutput, key: Uint8Array, flag: number, tail: string): string {
  let i = c.find(key, 0, key.length, flag);
  if (i < 0) {
    const t = Buffer.from(tail, "latin1");
    i = c.add(key, 0, key.length, flag, out.keep(t, 0, t.length), t.length);
  }
  return text(c, out, i);
}

describe("TailCache", () => {
  it("maps byte strings (and a flag) to the tail first stored for them, across table growth", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 3000 }), (keys) => {
        // A small index, so that it grows (and rehashes) many times.
        const c = new TailCache(undefined, 16);
        // A small output, so that kept tails survive its growth and its resets.
        const out = new AsciiOutput(-1, 16);
        c.trim(out);
        const model = new Map<string, string>();
        keys.forEach((k, n) => {
          for (const flag of [0, 1]) {
            const id = `${flag}:${Buffer.from(k).toString("hex")}`;
            const want = model.get(id) ?? `t${n}/${flag}|`;
            model.set(id, want);
            expect(lookup(c, out, k, flag, `t${n}/${flag}|`)).toBe(want);
          }
        });
        expect(c.size).toBe(model.size);
      }),
      { numRuns: 25 },
    );
  });

  it("finds keys inside a larger buffer by offset", () => {
    const c = new TailCache();
    const out = new AsciiOutput(-1, 64);
    c.trim(out);
    const buf = Uint8Array.of(9, 1, 2, 3, 9, 1, 2, 3, 9);
    expect(c.find(buf, 1, 4, 0)).toBe(-1);
    const i = c.add(buf, 1, 4, 0, out.keep(Buffer.from("xabc|"), 1, 5), 4);
    expect(text(c, out, i)).toBe("abc|");
    expect(c.find(buf, 5, 8, 0)).toBe(i);
    expect(c.find(buf, 5, 9, 0)).toBe(-1);
    expect(c.find(buf, 5, 8, 1)).toBe(-1);
  });

  it("empties itself on trim() once its arenas pass the bound", () => {
    const c = new TailCache(1000);
    const out = new AsciiOutput(-1, 64);
    c.trim(out);
    for (let n = 0; n < 200; n++) lookup(c, out, Uint8Array.of(n, n >> 8, 7, 7), 0, "x".repeat(10));
    expect(c.size).toBe(200);
    c.trim(out);
    expect(c.size).toBe(0);
    expect(out.keptLength).toBe(0);
    expect(c.find(Uint8Array.of(5, 0, 7, 7), 0, 4, 0)).toBe(-1);
    expect(lookup(c, out, Uint8Array.of(5, 0, 7, 7), 0, "again|")).toBe("again|");
    const small = new TailCache(1000);
    small.trim(out);
    lookup(small, out, Uint8Array.of(1), 0, "kept|");
    small.trim(out);
    expect(small.size).toBe(1);
  });

  it("empties itself when the lines go to another output (the tails are kept in the old one)", () => {
    const c = new TailCache();
    const a = new AsciiOutput(-1, 64);
    const b = new AsciiOutput(-1, 64);
    c.trim(a);
    lookup(c, a, Uint8Array.of(1, 2), 0, "in a|");
    c.trim(b);
    expect(c.size).toBe(0);
    expect(a.keptLength).toBe(0);
    expect(c.find(Uint8Array.of(1, 2), 0, 2, 0)).toBe(-1);
    expect(lookup(c, b, Uint8Array.of(1, 2), 0, "in b|")).toBe("in b|");
  });
});
