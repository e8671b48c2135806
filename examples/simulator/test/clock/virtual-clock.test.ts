import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock/virtual-clock.js";

let clock: VirtualClock | undefined;
afterEach(() => clock?.uninstall());

describe("VirtualClock", () => {
  it("fires timers in due order, same-instant ones in the order they were set, jumping time", () => {
    clock = new VirtualClock();
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock!.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock!.now()}`), 10);
    clock.setTimeout(() => {
      seen.push(`c@${clock!.now()}`);
      clock!.setTimeout(() => seen.push(`c2@${clock!.now()}`), 0);
    }, 20);
    expect(clock.fireNext()).toBe(1);
    // Both timers due at 20, and the one the second sets for the same instant.
    expect(clock.fireNext()).toBe(3);
    expect(seen).toEqual(["a@10", "b@20", "c@20", "c2@20"]);
    expect(clock.fireNext()).toBe(0);
  });

  it("repeats intervals until cleared and does not fire past a limit", () => {
    clock = new VirtualClock();
    let n = 0;
    const t = clock.setInterval(() => n++, 100);
    while (clock.fireNext(1000) > 0);
    expect(n).toBe(10);
    expect(clock.nextAt()).toBe(1100);
    clock.clear(t);
    expect(clock.pending).toBe(0);
  });

  it("replaces the global timers and performance.now while installed, and restores them", () => {
    const realSetTimeout = globalThis.setTimeout;
    const realNow = performance.now();
    clock = new VirtualClock();
    clock.install();
    let fired = false;
    const h = setTimeout(() => {
      fired = true;
    }, 60_000);
    h.unref();
    expect(performance.now()).toBe(0);
    clock.fireNext();
    expect(fired).toBe(true);
    expect(performance.now()).toBe(60_000);
    clock.uninstall();
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(performance.now()).toBeGreaterThanOrEqual(realNow);
  });

  it("clears real timers set before it was installed", async () => {
    let fired = false;
    const real = setTimeout(() => {
      fired = true;
    }, 5);
    clock = new VirtualClock();
    clock.install();
    clearTimeout(real);
    clock.uninstall();
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(false);
  });
});
