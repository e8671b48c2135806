/**
 * Drives the simulation: let everything that is runnable now run (I/O callbacks, promise jobs,
 * `setImmediate`), then jump the virtual clock to the next timer, and repeat until a condition
 * holds or a deadline passes. Between two jumps no virtual time passes, so message processing
 * is instantaneous in virtual time and costs only wall-clock time.
 */
import type { VirtualClock } from "../clock/virtual-clock.js";
import type { MemoryNetwork } from "../transport/memory-network.js";

/** Limits of one {@link SimDriver.runUntil}. */
export interface RunLimits {
  /** Give up after this much virtual time, ms. */
  readonly virtualMs: number;
  /** Give up after this much wall-clock time, ms (default: no limit). */
  readonly wallMs?: number;
  /** Called after each settled step (e.g. to sample a metric). */
  readonly onStep?: () => void;
}

/** Wall-clock time in ms, from a source the virtual clock does not replace. */
export function wallNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * CPU time this process used, in ms (user + system, every thread: GC included). Unlike wall time
 * it does not grow when other processes share the cores.
 */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Waits for one turn of the real event loop's check phase. */
const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The simulation loop over a virtual clock and a network. */
export class SimDriver {
  /** Driver steps taken (virtual instants processed). */
  steps = 0;

  /** Creates a driver. */
  constructor(
    readonly clock: VirtualClock,
    readonly network: MemoryNetwork,
  ) {}

  /**
   * Runs what is runnable now: repeats event-loop turns until one passes with no timer set or
   * fired and no message delivered (promise jobs and ticks all run before a check-phase turn).
   */
  async settle(): Promise<void> {
    for (;;) {
      const before = this.activity();
      await immediate();
      if (this.activity() === before) return;
    }
  }

  /**
   * Steps until `done()` holds; resolves true then, false if the virtual or wall-clock limit
   * passes first or nothing is left to happen.
   */
  async runUntil(done: () => boolean, limits: RunLimits): Promise<boolean> {
    const deadline = this.clock.now() + limits.virtualMs;
    const wallDeadline = limits.wallMs === undefined ? Number.POSITIVE_INFINITY : wallNow() + limits.wallMs;
    for (;;) {
      await this.settle();
      limits.onStep?.();
      if (done()) return true;
      if (wallNow() > wallDeadline) return false;
      this.steps++;
      if (this.clock.fireNext(deadline) === 0) {
        this.clock.advanceIdle(deadline);
        return done();
      }
    }
  }

  /** Runs for `ms` of virtual time, firing every timer that falls due. */
  async runFor(ms: number, onStep?: () => void): Promise<void> {
    await this.runUntil(() => false, { virtualMs: ms, ...(onStep ? { onStep } : {}) });
  }

  /** Runs until no message is in flight (limited by `virtualMs`). */
  quiesce(virtualMs: number): Promise<boolean> {
    return this.runUntil(() => this.network.inFlight === 0, { virtualMs });
  }

  /** Waits for `p` while driving the clock (an agent's stop needs time to pass: close grace, EOFs). */
  async drive<T>(p: Promise<T>, virtualMs = 60_000): Promise<T> {
    let settled = false;
    const tracked = p.finally(() => {
      settled = true;
    });
    if (!(await this.runUntil(() => settled, { virtualMs }))) {
      throw new Error(`simulator: an operation did not finish within ${virtualMs / 1000} virtual seconds`);
    }
    return tracked;
  }

  private activity(): number {
    return this.clock.scheduled + this.clock.fired;
  }
}
