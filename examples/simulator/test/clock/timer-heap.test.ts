import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HeapTimer, TimerHeap } from "../../src/clock/timer-heap.js";

const timer = (at: number, seq: number): HeapTimer => ({ at, seq, cancelled: false });

describe("TimerHeap", () => {
  it("pops by due time, then by scheduling order, skipping cancelled timers", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 }),
        (spec) => {
          const heap = new TimerHeap<HeapTimer>();
          const all = spec.map(([at], seq) => timer(at, seq));
          for (const t of all) heap.push(t);
          spec.forEach(([, cancel], i) => {
            if (cancel) heap.cancel(all[i]!);
          });
          const want = all
            .filter((_, i) => !spec[i]![1])
            .sort((a, b) => a.at - b.at || a.seq - b.seq)
            .map((t) => t.seq);
          expect(heap.size).toBe(want.length);
          const got: number[] = [];
          for (let t = heap.pop(); t; t = heap.pop()) got.push(t.seq);
          expect(got).toEqual(want);
          expect(heap.size).toBe(0);
        },
      ),
    );
  });

  it("cancelling a popped or already cancelled timer changes nothing", () => {
    const heap = new TimerHeap<HeapTimer>();
    const a = timer(1, 1);
    const b = timer(2, 2);
    heap.push(a);
    heap.push(b);
    expect(heap.pop()).toBe(a);
    heap.cancel(a);
    heap.cancel(b);
    heap.cancel(b);
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
  });
});
