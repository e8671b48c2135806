/** The five FSM timers of one connection, on an injected clock. */
import type { TimerName } from "../fsm/actions.js";
import type { Clock, TimerHandle } from "./clock.js";

/** Runs named timers; restarting one cancels its previous run. */
export class TimerSet {
  private readonly handles = new Map<TimerName, TimerHandle>();
  private readonly generations = new Map<TimerName, number>();

  /** Creates a timer set on `clock`; `onFire` receives the timer name and its generation. */
  constructor(
    private readonly clock: Clock,
    private readonly onFire: (timer: TimerName, generation: number) => void,
  ) {}

  /** (Re)starts `timer` for `seconds`. */
  start(timer: TimerName, seconds: number): void {
    this.stop(timer);
    const gen = (this.generations.get(timer) ?? 0) + 1;
    this.generations.set(timer, gen);
    this.handles.set(
      timer,
      this.clock.setTimeout(() => {
        if (this.generations.get(timer) !== gen) return;
        this.handles.delete(timer);
        this.onFire(timer, gen);
      }, seconds * 1000),
    );
  }
  /** Stops `timer` if it runs. */
  stop(timer: TimerName): void {
    const h = this.handles.get(timer);
    if (h !== undefined) this.clock.clearTimeout(h);
    this.handles.delete(timer);
    this.generations.set(timer, (this.generations.get(timer) ?? 0) + 1);
  }
  /** True while the run started with generation `gen` is still the current one. */
  isCurrent(timer: TimerName, gen: number): boolean {
    return this.generations.get(timer) === gen;
  }
  /** True if `timer` is running. */
  running(timer: TimerName): boolean {
    return this.handles.has(timer);
  }
  /** Stops every timer. */
  stopAll(): void {
    for (const t of [...this.handles.keys()]) this.stop(t);
  }
}
