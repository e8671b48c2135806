import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TailCache } from "../../src/cli/tail-cache.js";

/** Entry `i`'s tail, checking that its view and its arena range agree. */
function text(c: TailCache, i: number): string {
  const view = Buffer.from(c.tail(i)).toString("latin1");
  expect(Buffer.from(c.tails.buffer.subarray(c.tailStart(i), c.tailEnd(i))).toString("latin1")).toBe(view);
  return view;
}

/** Looks `key` up and adds `tail` on a miss, as the RIB formatter does; returns the tail text. */
function lookup(c: TailCache, key: Uint8Array, flag: number, tail: string): string {
  let i = c.find(key, 0, key.length, flag);
  if (i < 0) {
    const start = c.tails.length;
    c.tails.str(tail);
    i = c.add(key, 0, key.length, flag, start);
  }
  return text(c, i);
}

describe("TailCache", () => {
  it("maps byte strings (and a flag) to the tail first stored for them, across table growth", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 3000 }), (keys) => {
        const c = new TailCache();
        const model = new Map<string, string>();
        keys.forEach((k, n) => {
          for (const flag of [0, 1]) {
            const id = `${flag}:${Buffer.from(k).toString("hex")}`;
            const want = model.get(id) ?? `t${n}/${flag}|`;
            model.set(id, want);
            expect(lookup(c, k, flag, `t${n}/${flag}|`)).toBe(want);
          }
        });
        expect(c.size).toBe(model.size);
      }),
      { numRuns: 25 },
    );
  });

  it("finds keys inside a larger buffer by offset", () => {
    const c = new TailCache();
    const buf = Uint8Array.of(9, 1, 2, 3, 9, 1, 2, 3, 9);
    expect(c.find(buf, 1, 4, 0)).toBe(-1);
    c.tails.str("abc|");
    const i = c.add(buf, 1, 4, 0, 0);
    expect(c.find(buf, 5, 8, 0)).toBe(i);
    expect(c.find(buf, 5, 9, 0)).toBe(-1);
    expect(c.find(buf, 5, 8, 1)).toBe(-1);
  });

  it("empties itself on trim() once its arenas pass the bound", () => {
    const c = new TailCache(1000);
    for (let n = 0; n < 200; n++) lookup(c, Uint8Array.of(n, n >> 8, 7, 7), 0, "x".repeat(10));
    expect(c.size).toBe(200);
    c.trim();
    expect(c.size).toBe(0);
    expect(c.find(Uint8Array.of(5, 0, 7, 7), 0, 4, 0)).toBe(-1);
    expect(lookup(c, Uint8Array.of(5, 0, 7, 7), 0, "again|")).toBe("again|");
    const small = new TailCache(1000);
    lookup(small, Uint8Array.of(1), 0, "kept|");
    small.trim();
    expect(small.size).toBe(1);
  });
});
