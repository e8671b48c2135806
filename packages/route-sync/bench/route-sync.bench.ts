/**
 * Route programming benchmark: install then delete N routes in a throw-away network namespace,
 * with our rtnetlink codec (two ack modes), the `netlink` package's own rtnetlink API,
 * `ip -batch` (the baseline, same routes, same run) and BIRD's kernel protocol.
 *
 *   node --import tsx packages/route-sync/bench/route-sync.bench.ts [--json] [--sizes 10000,100000]
 *        [--rounds 3] [--no-bird] [--no-netlink-pkg]
 *
 * Each contender runs `rounds` times interleaved with the others; the median is reported.
 * Needs root (network namespaces). Cleans up its namespace on exit and on signals.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BENCH_GATEWAY, benchDst, MAX_ROUTES } from "./bench-routes.js";
import { birdAvailable, runBird } from "./bird-contender.js";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    sizes: { type: "string", default: "10000,100000" },
    rounds: { type: "string", default: "3" },
    "no-bird": { type: "boolean", default: false },
    "no-netlink-pkg": { type: "boolean", default: false },
  },
});
const sizes = values.sizes.split(",").map(Number);
const rounds = Math.max(1, Number(values.rounds));
if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_ROUTES)) {
  throw new Error(`--sizes must be integers in 1..${MAX_ROUTES}`);
}
const log = (s: string) => {
  if (!values.json) process.stdout.write(`${s}\n`);
  else process.stderr.write(`${s}\n`);
};

const ns = `tsbgp-rs-bench-${randomBytes(3).toString("hex")}`;
const tmp = mkdtempSync(join(tmpdir(), "tsbgp-rs-bench-"));
let nsCreated = false;
function cleanup(): void {
  if (nsCreated) {
    try {
      execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    } catch {}
    nsCreated = false;
  }
  rmSync(tmp, { recursive: true, force: true });
}
process.once("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    cleanup();
    process.exit(130);
  });
}

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });
function setup(): void {
  run("ip", ["netns", "add", ns]);
  nsCreated = true;
  run("ip", ["-n", ns, "link", "set", "lo", "up"]);
  run("ip", ["-n", ns, "link", "add", "d0", "type", "veth", "peer", "name", "d1"]);
  run("ip", ["-n", ns, "link", "set", "d0", "up"]);
  run("ip", ["-n", ns, "link", "set", "d1", "up"]);
  run("ip", ["-n", ns, "addr", "add", "198.18.0.1/24", "dev", "d0"]);
}

const count = (proto: number) => {
  const out = run("ip", ["-n", ns, "-4", "route", "show", "proto", String(proto)]);
  return out === "" ? 0 : out.split("\n").length - 1;
};

interface Timing {
  install_s: number;
  delete_s: number;
}

function ipBatch(n: number): Timing {
  const proto = 202;
  const add: string[] = [];
  const del: string[] = [];
  for (let i = 0; i < n; i++) {
    add.push(`route add ${benchDst(i)}/32 via ${BENCH_GATEWAY} proto ${proto}`);
    del.push(`route del ${benchDst(i)}/32 proto ${proto}`);
  }
  writeFileSync(join(tmp, "add"), `${add.join("\n")}\n`);
  writeFileSync(join(tmp, "del"), `${del.join("\n")}\n`);
  let t0 = process.hrtime.bigint();
  run("ip", ["-n", ns, "-batch", join(tmp, "add")]);
  const install = Number(process.hrtime.bigint() - t0) / 1e9;
  if (count(proto) !== n) throw new Error("ip -batch did not install every route");
  t0 = process.hrtime.bigint();
  run("ip", ["-n", ns, "-batch", join(tmp, "del")]);
  const remove = Number(process.hrtime.bigint() - t0) / 1e9;
  if (count(proto) !== 0) throw new Error("ip -batch did not delete every route");
  return { install_s: install, delete_s: remove };
}

const worker = fileURLToPath(new URL("./route-sync-worker.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
function ours(mode: string, n: number): Timing {
  const out = execFileSync(
    "ip",
    [
      "netns",
      "exec",
      ns,
      process.execPath,
      "--import",
      "tsx",
      worker,
      "--mode",
      mode,
      "--n",
      String(n),
      "--protocol",
      "201",
    ],
    { encoding: "utf8", cwd: repoRoot },
  );
  const r = JSON.parse(out) as Timing & { installed?: number; failed: number; left?: number };
  if (r.failed !== 0 || (r.installed !== undefined && r.installed !== n) || (r.left ?? 0) !== 0) {
    throw new Error(`${mode}: ${out}`);
  }
  if (count(201) !== 0) throw new Error(`${mode} left routes behind`);
  return r;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

type Row = Record<string, Timing | undefined>;
const results: { routes: number; contenders: Row }[] = [];
const useBird = !values["no-bird"] && birdAvailable();

async function main(): Promise<void> {
  setup();
  for (const n of sizes) {
    const samples: Record<string, Timing[]> = {};
    const add = (k: string, t: Timing) => {
      samples[k] ??= [];
      samples[k].push(t);
    };
    for (let r = 0; r < rounds; r++) {
      log(`n=${n} round ${r + 1}/${rounds}`);
      add("ip_batch", ipBatch(n));
      add("ours", ours("ours-errors", n));
      add("ours_ack_each", ours("ours-each", n));
      if (!values["no-netlink-pkg"]) add("netlink_pkg", ours("netlink-pkg", n));
      if (useBird && r === 0) add("bird", await runBird(ns, n)); // slow to start: one round
    }
    const row: Row = {};
    for (const [k, ts] of Object.entries(samples)) {
      row[k] = { install_s: median(ts.map((t) => t.install_s)), delete_s: median(ts.map((t) => t.delete_s)) };
    }
    results.push({ routes: n, contenders: row });
  }
}

function report(): void {
  const last = results.at(-1)!;
  const c = last.contenders;
  if (values.json) {
    const out = {
      routes: last.routes,
      rounds,
      ours_install_s: c.ours!.install_s,
      ip_batch_install_s: c.ip_batch!.install_s,
      ours_delete_s: c.ours!.delete_s,
      ip_batch_delete_s: c.ip_batch!.delete_s,
      install_ratio: c.ours!.install_s / c.ip_batch!.install_s,
      delete_ratio: c.ours!.delete_s / c.ip_batch!.delete_s,
      bird_install_s: c.bird?.install_s ?? null,
      bird_delete_s: c.bird?.delete_s ?? null,
      results,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  for (const { routes, contenders } of results) {
    log(`\n${routes} routes (median of ${rounds}; BIRD one run; ratio = time / ip -batch time)`);
    log("contender        install s   routes/s   ratio   delete s   routes/s   ratio");
    const base = contenders.ip_batch!;
    for (const [name, t] of Object.entries(contenders)) {
      if (!t) continue;
      const f = (x: number, w: number, d = 3) => x.toFixed(d).padStart(w);
      log(
        `${name.padEnd(15)} ${f(t.install_s, 10)} ${f(routes / t.install_s, 10, 0)} ${f(t.install_s / base.install_s, 7, 2)} ` +
          `${f(t.delete_s, 10)} ${f(routes / t.delete_s, 10, 0)} ${f(t.delete_s / base.delete_s, 7, 2)}`,
      );
    }
  }
}

main()
  .then(report)
  .catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(cleanup);
