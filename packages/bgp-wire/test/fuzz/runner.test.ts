/** The runner's own checks: a crash and a hang are caught, named by case and saved as regressions. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ASN4_CONTEXT } from "../../src/context.js";
import { mrtContext } from "../../src/mrt/bgp-content.js";
import { buildCase, type FuzzSeed, planFuzz } from "./engine.js";
import { fuzz, runPlan, saveFindings } from "./runner.js";

// A real KEEPALIVE and a one-prefix UPDATE (RFC 4271 §4.3) as the whole corpus.
const keepalive = Uint8Array.from([...new Array(16).fill(0xff), 0, 19, 4]);
const update = Uint8Array.from([
  ...new Array(16).fill(0xff),
  0,
  48,
  2,
  0,
  0,
  0,
  21,
  0x40,
  1,
  1,
  0, // ORIGIN IGP
  0x40,
  2,
  6,
  2,
  1,
  0,
  0,
  0xfd,
  0xe8, // AS_PATH AS_SEQUENCE 65000
  0x40,
  3,
  4,
  198,
  18,
  0,
  1, // NEXT_HOP 198.18.0.1
  24,
  198,
  18,
  1, // 198.18.1.0/24
]);
// BGP4MP MESSAGE_AS4 (RFC 6396 §4.4.3) carrying the KEEPALIVE between 198.18.0.1 and 198.18.0.2.
const mrt = Uint8Array.from([
  0,
  0,
  0,
  1,
  0,
  16,
  0,
  4,
  0,
  0,
  0,
  39,
  0,
  0,
  0xfd,
  0xe8,
  0,
  0,
  0xfd,
  0xe9,
  0,
  0,
  0,
  1,
  198,
  18,
  0,
  1,
  198,
  18,
  0,
  2,
  ...keepalive,
]);
const seeds: FuzzSeed[] = [
  { kind: "mrt", bytes: mrt, source: "hand" },
  { kind: "message", bytes: keepalive, source: "hand" },
  { kind: "message", bytes: update, source: "hand" },
];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("fuzz runner", () => {
  it("the hand-made seeds are valid messages, so mutants start from real structure", () => {
    const plan = planFuzz(seeds, [ASN4_CONTEXT], 1, mrtContext);
    let decoded = 0;
    for (let i = 0; i < 200; i++) if (plan.target(buildCase(plan, i))) decoded++;
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(200);
  });

  it("rebuilds any case from the run seed and its index alone", () => {
    const plan = planFuzz(seeds, [ASN4_CONTEXT], 99, mrtContext);
    const a = buildCase(plan, 1234);
    const b = buildCase(plan, 1234);
    expect(b.input).toEqual(a.input);
    expect(b.mutation).toBe(a.mutation);
    expect(buildCase(planFuzz(seeds, [ASN4_CONTEXT], 100, mrtContext), 1234).input).not.toEqual(a.input);
  });

  it("reports an untyped error as a crash with its case index", () => {
    const plan = planFuzz(seeds, [ASN4_CONTEXT], 5, mrtContext, (c) => {
      if (c.index === 37) throw new TypeError("boom");
      return true;
    });
    const r = runPlan(plan, { cases: 100, seed: 5, batch: 16 });
    expect(r.crashes.map((c) => c.index)).toEqual([37]);
    expect(r.crashes[0]?.error).toContain("TypeError: boom");
    expect(r.crashes[0]?.input).toEqual(buildCase(plan, 37).input);
    expect(r.stats.cases).toBe(100);
  });

  it("interrupts a case that never ends and names it as a hang", () => {
    const plan = planFuzz(seeds, [ASN4_CONTEXT], 5, mrtContext, (c) => {
      if (c.index === 21) for (;;);
      return false;
    });
    const r = runPlan(plan, { cases: 40, seed: 5, batch: 16, batchTimeoutMs: 300, caseTimeoutMs: 200 });
    expect(r.hangs.map((h) => h.index)).toEqual([21]);
    expect(r.crashes).toEqual([]);
    expect(r.stats.cases).toBe(40);
    expect(r.stats.rejected).toBe(39);
  });

  it("writes nothing when the real corpus finds nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsbgp-fuzz-"));
    dirs.push(dir);
    // The real corpus and targets: no finding expected, so nothing is written.
    const r = fuzz({ cases: 300, seed: 3, regressions: dir, sharedDumps: false });
    expect(r.written).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(r.seeds).toBeGreaterThan(100);
  });

  it("saves the exact bytes of a crash as a regression file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tsbgp-fuzz-"));
    dirs.push(dir);
    const plan = planFuzz(seeds, [ASN4_CONTEXT], 8, mrtContext, () => {
      throw new RangeError("Offset is outside the bounds of the DataView");
    });
    const r = runPlan(plan, { cases: 40, seed: 8 });
    const written = saveFindings(dir, r);
    expect(written).toHaveLength(40);
    r.crashes.forEach((c, i) => {
      const path = written[i]!;
      // MRT cases go to the mrt/ subfolder, BGP message cases to the folder itself (compared
      // as paths: a random temporary folder name may itself end in "mrt"-like letters).
      expect(dirname(path)).toBe(c.kind === "mrt" ? join(dir, "mrt") : dir);
      expect(basename(path)).toMatch(/^fuzz-[0-9a-f]{40}\.bin$/);
      expect(new Uint8Array(readFileSync(path))).toEqual(buildCase(plan, c.index).input);
    });
    expect(new Set(r.crashes.map((c) => c.kind))).toEqual(new Set(["mrt", "message"]));
  });
});
