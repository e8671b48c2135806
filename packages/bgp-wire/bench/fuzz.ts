/**
 * `npm run fuzz`: the mutation fuzzer over real messages and MRT records (engine in
 * `test/fuzz/`, where `fuzz.test.ts` runs a fixed seed and case count in CI). Mutations: bit
 * flips, truncations, length lies (header, UPDATE sections, attributes, AS_PATH segments, next
 * hops, NLRI prefix lengths, OPEN parameters, MRT record and RIB entry lengths) and havoc. Only
 * `BgpWireError` (and `MrtError` for MRT framing) may be thrown; a crash or a hang is written to
 * `test/regressions/` (picked up by the regression loop tests) and the run fails.
 *
 * Options: `--cases N` (default 200000), `--seed S` (default: time), `--json` (one JSON line),
 * `--no-shared` (skip the big dumps in ../shared/fixtures).
 */
import { fuzz } from "../test/fuzz/runner.js";

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cases = Number(opt("--cases") ?? 200_000);
const seed = Number(opt("--seed") ?? Date.now() % 2 ** 31) >>> 0 || 1;

const t0 = performance.now();
const report = fuzz({ cases, seed, sharedDumps: !args.includes("--no-shared") });
const summary = {
  seed: report.seed,
  cases: report.stats.cases,
  seeds: report.seeds,
  decoded: report.stats.decoded,
  rejected: report.stats.rejected,
  crashes: report.crashes.length,
  hangs: report.hangs.length,
  slowestMs: Math.round(report.stats.slowestMs * 10) / 10,
  seconds: Math.round(performance.now() - t0) / 1000,
  mutations: report.stats.mutations,
  targets: report.stats.targets,
};
if (args.includes("--json")) console.log(JSON.stringify(summary));
else {
  console.log(summary);
  for (const c of [...report.crashes, ...report.hangs].slice(0, 20))
    console.log(`case ${c.index} (${c.mutation}): ${c.error}`);
  for (const w of report.written) console.log(`wrote ${w}`);
}
process.exit(report.crashes.length + report.hangs.length > 0 ? 1 : 0);
