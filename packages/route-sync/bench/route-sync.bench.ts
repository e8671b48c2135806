/**
 * Route programming benchmark: install then delete N routes in a throw-away network namespace,
 * with our rtnetlink codec (defaults = nexthop objects and ACK per chunk; plain `via` routes;
 * ACK per route), the `netlink` package's own rtnetlink API, `ip -batch` (the baseline: plain
 * `via` routes, same routes, same run), `ip -batch` with one nexthop object and `nhid` routes
 * (what the kernel side of our default costs), and BIRD's kernel protocol.
 *
 *   node --import tsx packages/route-sync/bench/route-sync.bench.ts [--json] [--sizes 10000,100000]
 *        [--rounds 3] [--no-bird] [--no-netlink-pkg]
 *
 * Each contender runs `rounds` times interleaved with the others; the median is reported, for
 * wall time and for CPU time (user + system: ours from the worker's `process.cpuUsage()`, `ip`'s
 * from this process's reaped-children times in /proc/self/stat, 10 ms resolution).
 * Needs root (network namespaces). Cleans up its namespace on exit and on signals.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
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
  /** CPU seconds (user + system) of the contender's process, when measured. */
  install_cpu_s?: number;
  delete_cpu_s?: number;
}

const TICK = Number(run("getconf", ["CLK_TCK"]).trim()) || 100;
/** CPU seconds of reaped children so far (cutime + cstime of /proc/self/stat). */
function childCpu(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) / TICK; // fields 16 and 17, counted from field 3
}

/** Runs `ip -batch FILE` in the namespace: wall and CPU seconds. */
function timedBatch(file: string): { s: number; cpu: number } {
  const c0 = childCpu();
  const t0 = process.hrtime.bigint();
  run("ip", ["-n", ns, "-batch", file]);
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, cpu: childCpu() - c0 };
}

/**
 * `ip -batch` with the same routes. `nhid`: one nexthop object first, then every route names
 * it (`nhid`), which is what our default sends; otherwise plain `via` routes (the baseline).
 */
function ipBatch(n: number, nhid: boolean): Timing {
  const proto = 202;
  const add: string[] = nhid ? [`nexthop add id 4242 via ${BENCH_GATEWAY} dev d0 proto ${proto}`] : [];
  const del: string[] = [];
  for (let i = 0; i < n; i++) {
    add.push(`route add ${benchDst(i)}/32 ${nhid ? "nhid 4242" : `via ${BENCH_GATEWAY}`} proto ${proto}`);
    del.push(`route del ${benchDst(i)}/32 proto ${proto}`);
  }
  if (nhid) del.push("nexthop del id 4242");
  writeFileSync(join(tmp, "add"), `${add.join("\n")}\n`);
  writeFileSync(join(tmp, "del"), `${del.join("\n")}\n`);
  const install = timedBatch(join(tmp, "add"));
  if (count(proto) !== n) throw new Error("ip -batch did not install every route");
  const remove = timedBatch(join(tmp, "del"));
  if (count(proto) !== 0) throw new Error("ip -batch did not delete every route");
  return { install_s: install.s, delete_s: remove.s, install_cpu_s: install.cpu, delete_cpu_s: remove.cpu };
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
  type Cpu = { user: number; sys: number };
  const r = JSON.parse(out) as Timing & {
    installed?: number;
    failed: number;
    left?: number;
    install_cpu?: Cpu;
    delete_cpu?: Cpu;
  };
  if (r.failed !== 0 || (r.installed !== undefined && r.installed !== n) || (r.left ?? 0) !== 0) {
    throw new Error(`${mode}: ${out}`);
  }
  if (count(201) !== 0) throw new Error(`${mode} left routes behind`);
  const t: Timing = { install_s: r.install_s, delete_s: r.delete_s };
  if (r.install_cpu) t.install_cpu_s = r.install_cpu.user + r.install_cpu.sys;
  if (r.delete_cpu) t.delete_cpu_s = r.delete_cpu.user + r.delete_cpu.sys;
  return t;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

type Row = Record<string, Timing | undefined>;
const results: { routes: number; contenders: Row; load_average: number[] }[] = [];
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
      add("ip_batch", ipBatch(n, false));
      add("ours", ours("ours-errors", n));
      add("ip_batch_nhid", ipBatch(n, true));
      add("ours_plain", ours("ours-plain", n));
      add("ours_ack_each", ours("ours-each", n));
      add("ours_warm", ours("ours-warm", n));
      add("ours_sync", ours("ours-sync", n));
      if (!values["no-netlink-pkg"]) add("netlink_pkg", ours("netlink-pkg", n));
      if (useBird && r === 0) add("bird", await runBird(ns, n)); // slow to start: one round
    }
    const row: Row = {};
    const medianOf = (ts: Timing[], k: keyof Timing) => {
      const xs = ts.flatMap((t) => (t[k] === undefined ? [] : [t[k]]));
      return xs.length ? median(xs) : undefined;
    };
    for (const [k, ts] of Object.entries(samples)) {
      const t: Timing = { install_s: medianOf(ts, "install_s")!, delete_s: medianOf(ts, "delete_s")! };
      const ic = medianOf(ts, "install_cpu_s");
      const dc = medianOf(ts, "delete_cpu_s");
      if (ic !== undefined) t.install_cpu_s = ic;
      if (dc !== undefined) t.delete_cpu_s = dc;
      row[k] = t;
    }
    results.push({ routes: n, contenders: row, load_average: loadavg() });
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
      ours_install_cpu_s: c.ours!.install_cpu_s ?? null,
      ip_batch_install_cpu_s: c.ip_batch!.install_cpu_s ?? null,
      ours_delete_cpu_s: c.ours!.delete_cpu_s ?? null,
      ip_batch_delete_cpu_s: c.ip_batch!.delete_cpu_s ?? null,
      ip_batch_nhid_install_s: c.ip_batch_nhid?.install_s ?? null,
      ours_plain_install_s: c.ours_plain?.install_s ?? null,
      load_average: last.load_average,
      bird_install_s: c.bird?.install_s ?? null,
      bird_delete_s: c.bird?.delete_s ?? null,
      results,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  for (const { routes, contenders, load_average } of results) {
    log(`\n${routes} routes (median of ${rounds}; BIRD one run; ratio = time / ip -batch time)`);
    log("contender        install s   routes/s   ratio  CPU s   delete s   routes/s   ratio  CPU s");
    const base = contenders.ip_batch!;
    for (const [name, t] of Object.entries(contenders)) {
      if (!t) continue;
      const f = (x: number | undefined, w: number, d = 3) =>
        (x === undefined ? "-" : x.toFixed(d)).padStart(w);
      log(
        `${name.padEnd(15)} ${f(t.install_s, 10)} ${f(routes / t.install_s, 10, 0)} ${f(t.install_s / base.install_s, 7, 2)} ${f(t.install_cpu_s, 6, 2)} ` +
          `${f(t.delete_s, 10)} ${f(routes / t.delete_s, 10, 0)} ${f(t.delete_s / base.delete_s, 7, 2)} ${f(t.delete_cpu_s, 6, 2)}`,
      );
    }
    log(`load average after this size: ${load_average.map((x) => x.toFixed(2)).join(" ")}`);
  }
}

main()
  .then(report)
  .catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(cleanup);
