/**
 * Time, injected (js-libp2p's components idea): the session asks a {@link Clock} for the time
 * and for timers, so tests drive hold and keepalive timers with {@link ManualClock} and never wait.
 */

/** An opaque timer handle. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

/** The clock a session uses for its FSM timers. */
export interface Clock {
  /** Milliseconds since some fixed origin. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock; timers are unref'd so a session never keeps the process alive by itself. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** A clock that moves only when told: `advance(ms)` fires every timer that falls due, in order. */
export class ManualClock implements Clock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  /** Creates a clock starting at `start` milliseconds. */
  constructor(start = 0) {
    this.time = start;
  }
  /** The current time in milliseconds. */
  now(): number {
    return this.time;
  }
  /** Schedules `fn` at now + `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return { id };
  }
  /** Cancels a timer. */
  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === "object" && handle !== null && "id" in handle && typeof handle.id === "number") {
      this.timers.delete(handle.id);
    }
  }
  /** Number of pending timers. */
  get pending(): number {
    return this.timers.size;
  }
  /** Moves time forward by `ms`, firing due timers in deadline order (timers they start included). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!due || e[1].at < due[1].at)) due = e;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}
