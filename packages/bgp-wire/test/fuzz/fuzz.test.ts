/**
 * The mutation fuzzer in CI: a fixed seed and case count over the real corpus (messages of every
 * type, MRT records of every kind, UPDATEs of real RIS dumps). Any crash or hang fails the test
 * and is written to `test/regressions/` for the regression loop tests. `npm run fuzz` runs the
 * same engine longer with a fresh seed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { FuzzReport } from "./runner.js";
import { fuzz } from "./runner.js";

/** Fixed: the same cases every run (about 5 s here); change only with a reason. */
const SEED = 20_261_128;
const CASES = 30_000;

describe("mutation fuzzer (fixed seed)", () => {
  let report: FuzzReport;
  beforeAll(() => {
    report = fuzz({ cases: CASES, seed: SEED });
  }, 120_000);

  it("finds no decoder that throws anything but its typed error", () => {
    const found = report.crashes.map((c) => `case ${c.index} (${c.mutation}, ${c.kind}): ${c.error}`);
    expect(found).toEqual([]);
    expect(report.written).toEqual([]);
  });

  it("finds no input that makes a decoder hang", () => {
    expect(report.hangs.map((h) => h.index)).toEqual([]);
    // Far below the 2 s hang limit: no case is even close to pathological.
    expect(report.stats.slowestMs).toBeLessThan(1_000);
  });

  it("ran every case, with each mutation kind", () => {
    const { stats } = report;
    expect(stats.cases).toBe(CASES);
    expect(stats.decoded + stats.rejected).toBe(CASES);
    for (const n of Object.values(stats.mutations)) expect(n).toBeGreaterThan(CASES / 10);
  });

  it("covers every BGP message type and every MRT record type of the corpus", () => {
    const targets = Object.keys(report.stats.targets).sort();
    // OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH; TABLE_DUMP, TABLE_DUMP_V2, BGP4MP, BGP4MP_ET.
    expect(targets).toEqual([
      "message/1",
      "message/2",
      "message/3",
      "message/4",
      "message/5",
      "mrt/12",
      "mrt/13",
      "mrt/16",
      "mrt/17",
    ]);
    for (const t of targets) expect(report.stats.targets[t]).toBeGreaterThan(500);
  });

  it("reaches past the header checks: many mutants decode, many are rejected", () => {
    expect(report.stats.decoded).toBeGreaterThan(CASES / 5);
    expect(report.stats.rejected).toBeGreaterThan(CASES / 5);
  });
});
