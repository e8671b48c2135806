/**
 * The simulator's virtual clock. Time moves only when the driver says so, jumping straight to the
 * next due timer, so an hour of keepalives, hold timers and idle-hold back-off costs only the
 * work they cause, not the waiting.
 *
 * The node agent does not take a clock (its `BgpSpeaker` would: bgp-fsm's `BgpSessionComponents`
 * has `clock`, but `NodeAgentComponents` does not pass one), and route-sync and the agent set
 * timers of their own. So, like fake-timer libraries, {@link VirtualClock.install} replaces the
 * global `setTimeout`/`setInterval` family and `performance.now` (which bgp-fsm's `systemClock`
 * reads) for the length of a run, and {@link VirtualClock.uninstall} puts the real ones back.
 * `setImmediate`, `process.nextTick` and promises stay real: they are "now", not "later".
 */
import { type HeapTimer, TimerHeap } from "./timer-heap.js";

/** A timer handle shaped like Node's `Timeout` where callers touch it (`unref`, `ref`, `hasRef`). */
export class VirtualTimer implements HeapTimer {
  cancelled = false;
  /** A timer due at `at`; `seq` orders same-instant timers and is the handle's primitive value. */
  constructor(
    public at: number,
    readonly seq: number,
    readonly fn: () => void,
    /** Repeat period for `setInterval`, ms; undefined for a one-shot timer. */
    readonly every: number | undefined,
  ) {}
  /** No-op: a virtual timer never keeps the process alive. */
  unref(): this {
    return this;
  }
  /** No-op. */
  ref(): this {
    return this;
  }
  /** Always false (see {@link unref}). */
  hasRef(): boolean {
    return false;
  }
  /** The handle as a number, like Node's `Timeout`. */
  [Symbol.toPrimitive](): number {
    return this.seq;
  }
}

interface RealTimers {
  setTimeout: typeof globalThis.setTimeout;
  clearTimeout: typeof globalThis.clearTimeout;
  setInterval: typeof globalThis.setInterval;
  clearInterval: typeof globalThis.clearInterval;
  performanceNow: () => number;
  /** Whether `performance` had its own `now` property (normally it is inherited). */
  ownNow: boolean;
}

/** Virtual time in milliseconds, starting at 0, with a heap of pending timers. */
export class VirtualClock {
  private time = 0;
  private seq = 0;
  private readonly heap = new TimerHeap<VirtualTimer>();
  private real: RealTimers | undefined;
  /** Timers fired so far (the driver watches this to know whether work happened). */
  fired = 0;
  /** Timers set so far. */
  scheduled = 0;

  /** Current virtual time, ms. */
  now(): number {
    return this.time;
  }

  /** Live timers. */
  get pending(): number {
    return this.heap.size;
  }

  /** Due time of the earliest live timer, or undefined. */
  nextAt(): number | undefined {
    return this.heap.peek()?.at;
  }

  /** Schedules `fn` at now + `ms` (negative and NaN delays count as 0, like Node's). */
  setTimeout(fn: () => void, ms = 0): VirtualTimer {
    return this.add(fn, ms, undefined);
  }

  /** Schedules `fn` every `ms`. */
  setInterval(fn: () => void, ms = 0): VirtualTimer {
    return this.add(fn, ms, Math.max(1, delay(ms)));
  }

  /** Cancels a timer; anything that is not one of ours is ignored. */
  clear(handle: unknown): void {
    if (handle instanceof VirtualTimer) this.heap.cancel(handle);
  }

  /**
   * Moves time to the earliest due timer (if it is not after `limit`) and fires every timer due
   * at that instant, including ones they schedule for the same instant. Returns how many fired.
   */
  fireNext(limit = Number.POSITIVE_INFINITY): number {
    const first = this.heap.peek();
    if (first === undefined || first.at > limit) return 0;
    this.time = Math.max(this.time, first.at);
    let n = 0;
    for (let t = this.heap.peek(); t !== undefined && t.at <= this.time; t = this.heap.peek()) {
      this.heap.pop();
      if (t.every !== undefined) {
        t.at = this.time + t.every;
        t.cancelled = false;
        this.heap.push(t);
      }
      n++;
      this.fired++;
      t.fn();
    }
    return n;
  }

  /** Moves time forward to `at` without firing anything (only if nothing is due before). */
  advanceIdle(at: number): void {
    const next = this.nextAt();
    this.time = Math.max(this.time, next === undefined ? at : Math.min(at, next));
  }

  /** True while the global timers are ours. */
  get installed(): boolean {
    return this.real !== undefined;
  }

  /** Replaces the global timer functions and `performance.now` with this clock's. */
  install(): void {
    if (this.real) return;
    const g = globalThis as unknown as Record<string, unknown>;
    const real: RealTimers = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
      performanceNow: performance.now.bind(performance),
      ownNow: Object.hasOwn(performance, "now"),
    };
    this.real = real;
    const clearer = (h: unknown) => {
      // Timers set before install are real ones: they still need the real clear.
      if (h instanceof VirtualTimer) this.clear(h);
      else real.clearTimeout(h as Parameters<typeof clearTimeout>[0]);
    };
    g.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      this.setTimeout(() => fn(...args), ms);
    g.setInterval = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      this.setInterval(() => fn(...args), ms);
    g.clearTimeout = clearer;
    g.clearInterval = clearer;
    performance.now = () => this.time;
  }

  /** Restores the real timers (virtual timers still pending are simply dropped). */
  uninstall(): void {
    const real = this.real;
    if (!real) return;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = real.setTimeout;
    g.clearTimeout = real.clearTimeout;
    g.setInterval = real.setInterval;
    g.clearInterval = real.clearInterval;
    if (real.ownNow) performance.now = real.performanceNow;
    else delete (performance as unknown as { now?: unknown }).now;
    this.real = undefined;
  }

  private add(fn: () => void, ms: number, every: number | undefined): VirtualTimer {
    const t = new VirtualTimer(this.time + delay(ms), ++this.seq, fn, every);
    this.scheduled++;
    this.heap.push(t);
    return t;
  }
}

function delay(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}
