/**
 * A binary min-heap of timers ordered by (due time, insertion order), so timers due at the same
 * instant fire in the order they were set, as Node's own timer lists do. A mesh of 400 nodes
 * keeps about 300,000 keepalive and hold timers alive: a linear scan per event would dominate.
 */

/** One scheduled callback. */
export interface HeapTimer {
  /** Due time, virtual milliseconds. */
  at: number;
  /** Tie-break: order of scheduling. */
  readonly seq: number;
  /** Set when cleared; a cancelled timer stays in the heap and is skipped when it surfaces. */
  cancelled: boolean;
}

/** Min-heap of {@link HeapTimer}s; cancellation is lazy (O(1)), popping skips cancelled ones. */
export class TimerHeap<T extends HeapTimer> {
  private readonly items: T[] = [];
  private live = 0;

  /** Timers scheduled and not cancelled. */
  get size(): number {
    return this.live;
  }

  /** Adds a timer. */
  push(t: T): void {
    this.items.push(t);
    this.live++;
    this.up(this.items.length - 1);
  }

  /** Marks a timer cancelled (it is dropped when it reaches the top). */
  cancel(t: T): void {
    if (t.cancelled) return;
    t.cancelled = true;
    this.live--;
  }

  /** The earliest live timer, without removing it. */
  peek(): T | undefined {
    this.dropCancelled();
    return this.items[0];
  }

  /** Removes and returns the earliest live timer. */
  pop(): T | undefined {
    this.dropCancelled();
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.live--;
    // Popped timers count as no longer scheduled; a later cancel() of it must not decrement again.
    top.cancelled = true;
    return top;
  }

  private dropCancelled(): void {
    while (this.items.length > 0 && this.items[0]!.cancelled) this.removeTop();
  }

  private removeTop(): void {
    const last = this.items.pop()!;
    if (this.items.length === 0) return;
    this.items[0] = last;
    this.down(0);
  }

  private less(a: T, b: T): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const items = this.items;
    const x = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(x, items[p]!)) break;
      items[i] = items[p]!;
      i = p;
    }
    items[i] = x;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const x = items[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(items[r]!, items[l]!) ? r : l;
      if (!this.less(items[c]!, x)) break;
      items[i] = items[c]!;
      i = c;
    }
    items[i] = x;
  }
}
