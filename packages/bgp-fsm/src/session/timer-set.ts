/** The five FSM timers of one connection, on an injected clock. */
import { ALL_TIMERS, type TimerName } from "../fsm/actions.js";
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
  // Plain objects keyed by the five names, not Maps: the hold timer is restarted once per
  // received UPDATE, and each keyed property read is a few times cheaper than a Map lookup.
  private readonly armed: Record<TimerName, Armed | undefined> = {
    connectRetry: undefined,
    hold: undefined,
    keepalive: undefined,
    delayOpen: undefined,
    idleHold: undefined,
  };
  private readonly generations: Record<TimerName, number> = {
    connectRetry: 0,
    hold: 0,
    keepalive: 0,
    delayOpen: 0,
    idleHold: 0,
  };

  /** Creates a timer set on `clock`; `onFire` receives the timer name and its generation. */
  constructor(
    private readonly clock: Clock,
    private readonly onFire: (timer: TimerName, generation: number) => void,
  ) {}

  /**
   * (Re)starts `timer` for `seconds`.
   * @param now the clock's current time when the caller has it already (the receive path passes
   *   the time its chunk of input arrived: one clock read per chunk, not per message)
   */
  start(timer: TimerName, seconds: number, now = this.clock.now()): void {
    const gen = this.generations[timer] + 1;
    this.generations[timer] = gen;
    const due = now + seconds * 1000;
    const a = this.armed[timer];
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
    this.armed[timer] = fresh;
  }

  private fire(timer: TimerName, a: Armed): void {
    if (this.armed[timer] !== a) return;
    const left = a.due - this.clock.now();
    if (left > 0) {
      // Restarted since it was armed: wait for the rest.
      a.handle = this.clock.setTimeout(() => this.fire(timer, a), left);
      return;
    }
    this.armed[timer] = undefined;
    this.onFire(timer, a.gen);
  }

  /** Stops `timer` (a pending expiry of it will not be reported). */
  stop(timer: TimerName): void {
    const a = this.armed[timer];
    if (a !== undefined) this.clock.clearTimeout(a.handle);
    this.armed[timer] = undefined;
    this.generations[timer] = this.generations[timer] + 1;
  }

  /** True while `gen` is the latest start of `timer` (no restart or stop since). */
  isCurrent(timer: TimerName, gen: number): boolean {
    return this.generations[timer] === gen;
  }

  /** True while `timer` runs. */
  running(timer: TimerName): boolean {
    return this.armed[timer] !== undefined;
  }

  /** Stops every timer. */
  stopAll(): void {
    for (const t of ALL_TIMERS) if (this.armed[t] !== undefined) this.stop(t);
  }
}
