import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestkitError, TestkitErrorCode } from "../errors.js";
import { run, runSyncQuiet } from "../exec.js";
import type { Link, Segment } from "./endpoint.js";
import { registerExitHook, unregisterExitHook } from "./exit-hooks.js";
import { Host, type HostOwner } from "./host.js";
import { assertHostName, LAB_PREFIX_ROOT, labPrefix, newLabId } from "./names.js";
import type { TrackedProcess } from "./tracked-process.js";
import { createLink, createSegment, type LinkOptions, type SegmentOptions } from "./wiring.js";

/** Options for {@link Lab.create}. */
export interface LabOptions {
  /** Keep the work directory (configs, daemon logs) after destroy. Default: env `TSBGP_KEEP_LAB=1`. */
  readonly keepWorkdir?: boolean;
  /** Grace period between SIGTERM and SIGKILL on destroy (default 3000 ms). */
  readonly graceMs?: number;
}

/** Options for {@link Lab.host}. */
export interface HostOptions {
  /** Enable IPv4 and IPv6 forwarding in the namespace (for hosts that route). Default false. */
  readonly forwarding?: boolean;
}

/** Where labs record their owner PID, so {@link Lab.sweepStale} can find orphans. */
const MARKER_DIR = "/run/tsbgp-testkit";

/**
 * A network-namespace lab: hosts (namespaces), veth links, shared segments and the processes
 * started in them, all torn down together by {@link Lab.destroy} — also on process exit or
 * SIGINT/SIGTERM.
 *
 * @example
 * ```ts
 * const lab = await Lab.create();
 * const [r1, r2] = [await lab.host("r1"), await lab.host("r2")];
 * const link = await lab.link(r1, r2); // 198.18.1.1/24 <-> 198.18.1.2/24, 2001:db8:1::1/64 <-> ::2/64
 * // ... start daemons on r1 and r2 ...
 * await lab.destroy();
 * ```
 */
export class Lab implements HostOwner {
  /** Random id shared by all names of this lab. */
  readonly id: string;
  /** Namespace prefix, e.g. `tsbgp-1a2b3c-`. */
  readonly prefix: string;
  /** Per-lab temporary directory for daemon configs, sockets and logs. */
  readonly workdir: string;
  readonly #hosts = new Map<string, Host>();
  readonly #namespaces: string[] = [];
  readonly #processes: TrackedProcess[] = [];
  readonly #options: LabOptions;
  #links = 0;
  #segments = 0;
  #destroyed = false;
  #nextPort = 50051;

  private constructor(options: LabOptions) {
    this.#options = options;
    this.id = newLabId();
    this.prefix = labPrefix(this.id);
    this.workdir = mkdtempSync(join(tmpdir(), this.prefix));
    // Daemons that drop privileges (FRR's zebra runs as `frr`) must reach their subdirectories.
    runSyncQuiet("chmod", ["755", this.workdir]);
  }

  /**
   * Why labs cannot run here (not root, `ip` missing), or `undefined` if they can.
   * CI runs as root: tests should call {@link Lab.create}, which throws this reason, not skip.
   */
  static async available(): Promise<string | undefined> {
    if (typeof process.getuid === "function" && process.getuid() !== 0) {
      return "network namespaces need root (run the live tests as root, as CI does)";
    }
    try {
      await run("ip", ["-V"]);
    } catch {
      return "the `ip` command (iproute2) is not installed";
    }
    return undefined;
  }

  /**
   * Create an empty lab.
   *
   * @throws TestkitError `UNAVAILABLE` with the reason from {@link Lab.available}.
   */
  static async create(options: LabOptions = {}): Promise<Lab> {
    const reason = await Lab.available();
    if (reason !== undefined) throw new TestkitError(TestkitErrorCode.UNAVAILABLE, reason);
    const lab = new Lab(options);
    registerExitHook(lab);
    mkdirSync(MARKER_DIR, { recursive: true });
    writeFileSync(
      join(MARKER_DIR, `${lab.id}.json`),
      JSON.stringify({ pid: process.pid, workdir: lab.workdir }),
    );
    return lab;
  }

  /** Names of all namespaces that start with `prefix` (default: every lab's `tsbgp-`). */
  static async listNamespaces(prefix = `${LAB_PREFIX_ROOT}-`): Promise<string[]> {
    const { stdout } = await run("ip", ["netns", "list"]);
    return stdout
      .split("\n")
      .map((line) => line.split(" ")[0] ?? "")
      .filter((name) => name.startsWith(prefix));
  }

  /**
   * Remove namespaces of labs whose owning process is gone (e.g. a test worker killed with
   * SIGKILL). Only labs with an owner marker are touched; their leftover processes are killed by
   * the PIDs the kernel lists for the namespace. Returns the namespaces removed.
   */
  static async sweepStale(): Promise<string[]> {
    let markers: string[];
    try {
      markers = (await readdir(MARKER_DIR)).filter((f) => f.endsWith(".json"));
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const marker of markers) {
      const id = marker.slice(0, -".json".length);
      const { pid, workdir } = JSON.parse(await readFile(join(MARKER_DIR, marker), "utf8")) as {
        pid: number;
        workdir: string;
      };
      if (isAlive(pid)) continue;
      for (const ns of await Lab.listNamespaces(labPrefix(id))) {
        killNamespacePids(ns);
        runSyncQuiet("ip", ["netns", "delete", ns]);
        removed.push(ns);
      }
      rmSync(workdir, { recursive: true, force: true });
      rmSync(join(MARKER_DIR, marker), { force: true });
    }
    return removed;
  }

  /** Namespaces created so far (hosts and segment bridges). */
  get namespaces(): readonly string[] {
    return this.#namespaces;
  }

  /** Processes started in this lab (running or not). */
  get processes(): readonly TrackedProcess[] {
    return this.#processes;
  }

  /** True once {@link Lab.destroy} has started. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** @internal */
  assertAlive(): void {
    if (this.#destroyed) throw new TestkitError(TestkitErrorCode.DESTROYED, `lab ${this.id} was destroyed`);
  }

  /** @internal */
  track(process: TrackedProcess): void {
    this.#processes.push(process);
  }

  /** A TCP port unique within this lab, for daemon control APIs on a namespace's loopback. */
  allocatePort(): number {
    return this.#nextPort++;
  }

  /** A fresh subdirectory of the work directory, world-writable for daemons that drop privileges. */
  makeWorkdir(name: string): string {
    const dir = mkdtempSync(join(this.workdir, `${name}-`));
    runSyncQuiet("chmod", ["777", dir]);
    return dir;
  }

  /** Get or create the host `name` (a namespace with `lo` up and IPv6 DAD off). */
  async host(name: string, options: HostOptions = {}): Promise<Host> {
    this.assertAlive();
    assertHostName(name);
    const existing = this.#hosts.get(name);
    if (existing) return existing;
    const netns = await this.#addNamespace(name);
    const host = new Host(this, name, netns);
    this.#hosts.set(name, host);
    if (options.forwarding) {
      await run("ip", [
        "netns",
        "exec",
        netns,
        "sysctl",
        "-qw",
        "net.ipv4.ip_forward=1",
        "net.ipv6.conf.all.forwarding=1",
      ]);
    }
    return host;
  }

  /** Connect two hosts with a veth pair; addresses default to the lab's next 198.18.n.0/24 and 2001:db8:n::/64. */
  async link(a: Host, b: Host, options: LinkOptions = {}): Promise<Link> {
    this.assertAlive();
    return createLink(a, b, ++this.#links, options);
  }

  /** Put hosts on one shared L2 segment (a bridge in its own namespace); default 198.19.n.0/24, 2001:db8:1nn::/64. */
  async segment(members: readonly Host[], options: SegmentOptions = {}): Promise<Segment> {
    this.assertAlive();
    const index = ++this.#segments;
    // `_` cannot occur in host names, so the bridge namespace never collides with a host.
    const netns = await this.#addNamespace(`_br${index}`);
    return createSegment(netns, members, index, options);
  }

  async #addNamespace(suffix: string): Promise<string> {
    const netns = `${this.prefix}${suffix}`;
    await run("ip", ["netns", "add", netns]);
    this.#namespaces.push(netns);
    await run("ip", ["-n", netns, "link", "set", "lo", "up"]);
    // DAD off before any interface exists, so link-local and global IPv6 addresses work at once.
    await run("ip", [
      "netns",
      "exec",
      netns,
      "sysctl",
      "-qw",
      "net.ipv6.conf.all.accept_dad=0",
      "net.ipv6.conf.default.accept_dad=0",
    ]);
    return netns;
  }

  /**
   * Stop every process (SIGTERM, SIGKILL after the grace period), kill anything else still
   * inside the lab's namespaces by PID, delete the namespaces (which deletes their interfaces)
   * and the work directory. Safe to call twice.
   */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    try {
      const grace = this.#options.graceMs ?? 3_000;
      await Promise.all([...this.#processes].reverse().map((p) => p.stop(grace)));
      for (const ns of this.#namespaces) killNamespacePids(ns);
      for (const ns of this.#namespaces) {
        await run("ip", ["netns", "delete", ns]).catch(() => undefined);
      }
    } finally {
      this.#finish();
    }
  }

  /** Synchronous teardown with SIGKILL, for exit hooks. */
  destroySync(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const p of this.#processes) p.killSync();
    for (const ns of this.#namespaces) killNamespacePids(ns);
    for (const ns of this.#namespaces) runSyncQuiet("ip", ["netns", "delete", ns]);
    this.#finish();
  }

  #finish(): void {
    unregisterExitHook(this);
    const keep = this.#options.keepWorkdir ?? process.env.TSBGP_KEEP_LAB === "1";
    if (!keep) rmSync(this.workdir, { recursive: true, force: true });
    try {
      unlinkSync(join(MARKER_DIR, `${this.id}.json`));
    } catch {
      // marker already gone
    }
  }
}

/** SIGKILL every process the kernel lists inside `netns` (by PID, never by name). */
function killNamespacePids(netns: string): void {
  const out = runSyncQuiet("ip", ["netns", "pids", netns]);
  for (const pid of (out ?? "").split(/\s+/).filter(Boolean).map(Number)) {
    if (pid > 1 && pid !== process.pid) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
