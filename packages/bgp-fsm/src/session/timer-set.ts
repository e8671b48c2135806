/** The five FSM timers of one connection, on an injected clock. */
import type { TimerName } from "../fsm/actions.js";
import type { Clock, TimerHandle } from "./clock.js";

/** One running timer: when it is due, and the generation it will report. */
interface Armed {
  handle: TimerHandle;
  due: number;
  gen: number;
}

/**
 * Runs named timers; restarting one cancels its previous run.
 *
 * Restarting a running timer to a later deadline (the hold timer, restarted by every UPDATE and
 * KEEPALIVE, RFC 4271 §8.2.2) only moves its deadline: the clock's timer stays armed and, when
 * it fires early, arms itself again for the rest (as BIRD does). A full table is hundreds of
 * thousands of UPDATEs; a clear and a new timeout for each was measurable in the receive path.
 */
export class TimerSet {
  private readonly armed = new Map<TimerName, Armed>();
  private readonly generations = new Map<TimerName, number>();

  /** Creates a timer set on `clock`; `onFire` receives the timer name and its generation. */
  constructor(
    private readonly clock: Clock,
    private readonly onFire: (timer: TimerName, generation: number) => void,
  ) {}

  /** (Re)starts `timer` for `seconds`. */
  start(timer: TimerName, seconds: number): void {
    const gen = (this.generations.get(timer) ?? 0) + 1;
    this.generations.set(timer, gen);
    const due = this.clock.now() + seconds * 1000;
    const a = this.armed.get(timer);
    if (a !== undefined && a.due <= due) {
      a.due = due;
      a.gen = gen;
      return;
    }
    if (a !== undefined) this.clock.clearTimeout(a.handle);
    // `fresh` is assigned before the clock can call back (callbacks never run synchronously).
    let fresh: Armed;
    const handle = this.clock.setTimeout(() => this.fire(timer, fresh), seconds * 1000);
    fresh = { handle, due, gen };
    this.armed.set(timer, fresh);
  }

  private fire(timer: TimerName, a: Armed): void {
    if (this.armed.get(timer) !== a) return;
    const left = a.due - this.clock.now();
    if (left > 0) {
      // Restarted since it was armed: wait for the rest.
      a.handle = this.clock.setTimeout(() => this.fire(timer, a), left);
      return;
    }
    this.armed.delete(timer);
    this.onFire(timer, a.gen);
  }

  /** Stops `timer` (a pending expiry of it will not be reported). */
  stop(timer: TimerName): void {
    const a = this.armed.get(timer);
    if (a !== undefined) this.clock.clearTimeout(a.handle);
    this.armed.delete(timer);
    this.generations.set(timer, (this.generations.get(timer) ?? 0) + 1);
  }

  /** True while `gen` is the latest start of `timer` (no restart or stop since). */
  isCurrent(timer: TimerName, gen: number): boolean {
    return this.generations.get(timer) === gen;
  }

  /** True while `timer` runs. */
  running(timer: TimerName): boolean {
    return this.armed.has(timer);
  }

  /** Stops every timer. */
  stopAll(): void {
    for (const t of [...this.armed.keys()]) this.stop(t);
  }
}
