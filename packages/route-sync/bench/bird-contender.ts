/**
 * BIRD 2's kernel protocol as a contender: a static protocol with the bench routes exported to
 * the kernel. Install time = BIRD start until the kernel holds all routes; delete time = BIRD
 * shutdown (which withdraws its kernel routes) until none is left.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_GATEWAY, benchDst } from "./bench-routes.js";

/** Whether the `bird` binary is installed. */
export function birdAvailable(): boolean {
  try {
    execFileSync("bird", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Number of routes with protocol `bird` (12) in the namespace's main table. */
function countBird(ns: string): number {
  const out = execFileSync("ip", ["-n", ns, "-4", "route", "show", "proto", "bird"], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return out === "" ? 0 : out.split("\n").length - 1;
}

async function until(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** Runs BIRD in `ns` with `n` static routes; returns seconds to install and to delete them. */
export async function runBird(ns: string, n: number): Promise<{ install_s: number; delete_s: number }> {
  const dir = mkdtempSync(join(tmpdir(), "tsbgp-rs-bird-"));
  const lines = [
    "router id 198.18.0.1;",
    "protocol device {}",
    "protocol static s4 {",
    "  ipv4;",
    ...Array.from({ length: n }, (_, i) => `  route ${benchDst(i)}/32 via ${BENCH_GATEWAY};`),
    "}",
    "protocol kernel k4 {",
    "  ipv4 { import none; export all; };",
    "}",
  ];
  writeFileSync(join(dir, "bird.conf"), `${lines.join("\n")}\n`);
  let bird: ChildProcess | undefined;
  try {
    const t0 = process.hrtime.bigint();
    bird = spawn(
      "ip",
      [
        "netns",
        "exec",
        ns,
        "bird",
        "-f",
        "-c",
        join(dir, "bird.conf"),
        "-s",
        join(dir, "bird.ctl"),
        "-P",
        join(dir, "pid"),
      ],
      { stdio: "ignore" },
    );
    if (!(await until(() => countBird(ns) >= n, 600_000))) throw new Error("BIRD did not install all routes");
    const install = Number(process.hrtime.bigint() - t0) / 1e9;
    const t1 = process.hrtime.bigint();
    // `birdc down` makes BIRD withdraw its routes from the kernel and exit.
    execFileSync("ip", ["netns", "exec", ns, "birdc", "-s", join(dir, "bird.ctl"), "down"], {
      stdio: "ignore",
    });
    if (!(await until(() => countBird(ns) === 0, 600_000))) throw new Error("BIRD did not remove its routes");
    const remove = Number(process.hrtime.bigint() - t1) / 1e9;
    return { install_s: install, delete_s: remove };
  } finally {
    if (bird && bird.exitCode === null && bird.pid !== undefined) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          bird?.kill("SIGKILL");
          resolve();
        }, 3000);
        bird?.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
