import { describe, expect, it } from "vitest";
import { ManualClock, type TimerHandle } from "../../src/index.js";
import { TimerSet } from "../../src/session/timer-set.js";

/** A manual clock that counts how often it is armed. */
class CountingClock extends ManualClock {
  armed = 0;
  override setTimeout(fn: () => void, ms: number): TimerHandle {
    this.armed++;
    return super.setTimeout(fn, ms);
  }
}

function setup() {
  const clock = new CountingClock();
  const fired: [string, number, number][] = [];
  const timers = new TimerSet(clock, (t, gen) => fired.push([t, gen, clock.now()]));
  return { clock, fired, timers };
}

describe("TimerSet", () => {
  it("counts a restart from the time the caller gives (the chunk's arrival), not the clock's", () => {
    const { clock, fired, timers } = setup();
    timers.start("hold", 90);
    clock.advance(5_000);
    // The message arrived at 4 s; the clock reads 5 s by the time it is handled.
    timers.start("hold", 90, 4_000);
    clock.advance(88_999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired.map(([t, , at]) => [t, at])).toEqual([["hold", 94_000]]);
    // stopAll stops what runs and reports nothing later.
    timers.start("keepalive", 30);
    timers.stopAll();
    clock.advance(60_000);
    expect(fired).toHaveLength(1);
    expect(timers.running("keepalive")).toBe(false);
  });

  it("moves a running timer's deadline later without arming the clock again", () => {
    const { clock, fired, timers } = setup();
    timers.start("hold", 90);
    for (let t = 1; t <= 1000; t++) {
      clock.advance(10); // 10 ms between messages: a table arriving
      timers.start("hold", 90); // every received message restarts the hold timer
    }
    // Armed once at the start (10 s of restarts never reach its first deadline).
    expect(clock.pending).toBe(1);
    expect(clock.armed).toBe(1);
    expect(fired).toEqual([]);
    const last = clock.now();
    clock.advance(89_999);
    expect(fired).toEqual([]);
    // It came due at the first deadline and armed itself once more for the rest.
    expect(clock.armed).toBe(2);
    clock.advance(1);
    expect(fired).toHaveLength(1);
    const [name, gen, at] = fired[0]!;
    expect(name).toBe("hold");
    expect(at).toBe(last + 90_000);
    expect(timers.isCurrent("hold", gen)).toBe(true);
    expect(timers.running("hold")).toBe(false);
  });

  it("re-arms at once when restarted to an earlier deadline", () => {
    const { clock, fired, timers } = setup();
    timers.start("hold", 240);
    timers.start("hold", 3);
    clock.advance(3000);
    expect(fired.map(([, , at]) => at)).toEqual([3000]);
    clock.advance(240_000);
    expect(fired).toHaveLength(1);
  });

  it("never reports a stopped timer, and a restart supersedes the earlier generation", () => {
    const { clock, fired, timers } = setup();
    timers.start("connectRetry", 5);
    timers.stop("connectRetry");
    clock.advance(10_000);
    expect(fired).toEqual([]);
    timers.start("keepalive", 1);
    clock.advance(500);
    timers.start("keepalive", 1);
    clock.advance(1000);
    expect(fired.map(([n, , at]) => [n, at])).toEqual([["keepalive", 11_500]]);
    expect(timers.isCurrent("keepalive", fired[0]![1])).toBe(true);
    timers.start("keepalive", 1);
    timers.stopAll();
    clock.advance(5000);
    expect(fired).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });
});
