/**
 * `npm run bench`: runs every package benchmark (`packages/<pkg>/bench/*.bench.ts`) in its own
 * process (so one's heap does not skew another's), each with `--json`, and prints their figures.
 * With `--json` it prints one JSON object `{ machine, benches: { name: figures } }`; with
 * `--only <substring>` it runs the matching benches alone. Extra args after `--` go to each bench.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const json = args.includes("--json");
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const dd = args.indexOf("--");
const passThrough = dd >= 0 ? args.slice(dd + 1) : [];

const root = new URL("..", import.meta.url).pathname;
const files: string[] = [];
for (const pkg of readdirSync(join(root, "packages"))) {
  let entries: string[] = [];
  try {
    entries = readdirSync(join(root, "packages", pkg, "bench"));
  } catch {
    continue;
  }
  for (const f of entries.sort()) if (f.endsWith(".bench.ts")) files.push(join("packages", pkg, "bench", f));
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
};
const benches: Record<string, unknown> = {};
let failed = 0;
for (const file of files) {
  if (only && !file.includes(only)) continue;
  if (!json) console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", file, "--json", ...passThrough], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
    stdio: ["ignore", "pipe", json ? "pipe" : "inherit"],
  });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  try {
    benches[file] = JSON.parse(last);
    if (!json) console.log(JSON.stringify(benches[file], null, 2));
  } catch {
    failed++;
    benches[file] = { error: `exit ${r.status}`, output: r.stdout.slice(-2000) };
    if (!json) console.log(`failed (exit ${r.status})\n${r.stdout.slice(-2000)}`);
  }
}
if (json) console.log(JSON.stringify({ machine, benches }));
process.exit(failed ? 1 : 0);
