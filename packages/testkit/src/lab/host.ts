import { spawn as spawnChild } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { TestkitError, TestkitErrorCode } from "../errors.js";
import { type ExecResult, type RunOptions, run } from "../exec.js";
import type { Endpoint } from "./endpoint.js";
import { TrackedProcess } from "./tracked-process.js";

/** Options for {@link Host.spawn}. */
export interface SpawnOptions {
  /** Append stdout and stderr to this file (otherwise they are discarded). */
  readonly logFile?: string;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory. */
  readonly cwd?: string;
}

/** What a host (and a daemon driver) needs from its lab; kept narrow so host.ts does not import lab.ts. */
export interface HostOwner {
  /** Record a process so the lab stops it on destroy. */
  track(process: TrackedProcess): void;
  /** Throws if the lab was destroyed. */
  assertAlive(): void;
  /** A fresh, world-writable subdirectory of the lab's work directory. */
  makeWorkdir(name: string): string;
  /** A TCP port unique within the lab (daemon control APIs). */
  allocatePort(): number;
}

/**
 * A lab host: one network namespace with `lo` up.
 *
 * Commands run through `ip netns exec`, which replaces itself with the command, so a spawned
 * process's PID is the command's own PID.
 */
export class Host {
  /** Short name given to `lab.host()`. */
  readonly name: string;
  /** Full namespace name, e.g. `tsbgp-1a2b3c-r1`. */
  readonly netns: string;
  /** The lab that owns this host. */
  readonly lab: HostOwner;
  readonly #endpoints: Endpoint[] = [];
  #nextIf = 0;

  /** @internal Created by `Lab.host()`. */
  constructor(owner: HostOwner, name: string, netns: string) {
    this.lab = owner;
    this.name = name;
    this.netns = netns;
  }

  /** Interfaces added by links and segments, in creation order. */
  get endpoints(): readonly Endpoint[] {
    return this.#endpoints;
  }

  /** First IPv4 address of the host (from its first link with one), if any. */
  get v4(): string | undefined {
    return this.#endpoints.find((e) => e.v4 !== undefined)?.v4;
  }

  /** First IPv6 address of the host, if any. */
  get v6(): string | undefined {
    return this.#endpoints.find((e) => e.v6 !== undefined)?.v6;
  }

  /** @internal Next free `ethN` name. */
  allocateIfName(): string {
    return `eth${this.#nextIf++}`;
  }

  /** @internal Record an interface created by the lab. */
  addEndpoint(endpoint: Endpoint): void {
    this.#endpoints.push(endpoint);
  }

  /** Run a command inside the namespace and wait for it. */
  exec(cmd: string, args: readonly string[] = [], options: RunOptions = {}): Promise<ExecResult> {
    this.lab.assertAlive();
    return run("ip", ["netns", "exec", this.netns, cmd, ...args], options);
  }

  /**
   * Start a long-running command inside the namespace. The lab stops it (by PID) on destroy.
   *
   * @throws TestkitError `DAEMON_FAILED` if the process could not be spawned.
   */
  spawn(cmd: string, args: readonly string[] = [], options: SpawnOptions = {}): TrackedProcess {
    this.lab.assertAlive();
    const fd = options.logFile === undefined ? undefined : openSync(options.logFile, "a");
    const command = [cmd, ...args].join(" ");
    try {
      const child = spawnChild("ip", ["netns", "exec", this.netns, cmd, ...args], {
        stdio: ["ignore", fd ?? "ignore", fd ?? "ignore"],
        ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
      });
      // A spawn failure (ENOENT of `ip`) is reported asynchronously; keep it from crashing.
      child.on("error", () => {});
      if (child.pid === undefined) {
        throw new TestkitError(TestkitErrorCode.DAEMON_FAILED, `could not spawn: ${command}`);
      }
      // The lab, not the event loop, owns the process's lifetime.
      child.unref();
      const tracked = new TrackedProcess(child, command, options.logFile);
      this.lab.track(tracked);
      return tracked;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
