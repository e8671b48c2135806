import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { TestkitError, TestkitErrorCode } from "../errors.js";
import type { Host } from "../lab/host.js";
import type { TrackedProcess } from "../lab/tracked-process.js";
import { waitFor } from "../wait.js";
import type { Announcement, BgpDaemon, DaemonOptions, DaemonRoute, PeerState, RouteMatch } from "./types.js";

/** How many characters of log output go into error messages. */
const LOG_TAIL = 4_000;

/**
 * Shared behaviour of the daemon drivers: process bookkeeping, readiness and session waits,
 * pause/resume, restart and log collection. Subclasses write configs and parse CLI output.
 */
export abstract class DaemonBase implements BgpDaemon {
  abstract readonly kind: BgpDaemon["kind"];
  /** The lab host the daemon runs in. */
  readonly host: Host;
  readonly options: DaemonOptions;
  readonly workdir: string;
  #processes: TrackedProcess[] = [];
  #announced: Announcement[];

  protected constructor(host: Host, options: DaemonOptions, workdir: string) {
    this.host = host;
    this.options = options;
    this.workdir = workdir;
    this.#announced = [...(options.announce ?? [])];
  }

  /** The options with the announcements as they are now (for config files written on change). */
  protected get current(): DaemonOptions {
    return { ...this.options, announce: [...this.#announced] };
  }

  /** Push one new or changed announcement into the running daemon (and its config file). */
  protected abstract applyAnnounce(route: Announcement, previous: Announcement | undefined): Promise<void>;
  /** Remove one announcement from the running daemon (and its config file). */
  protected abstract applyWithdraw(prefix: string, previous: Announcement): Promise<void>;

  async announce(route: Announcement): Promise<void> {
    const index = this.#announced.findIndex((a) => a.prefix === route.prefix);
    const previous = this.#announced[index];
    if (index >= 0) this.#announced[index] = route;
    else this.#announced.push(route);
    await this.applyAnnounce(route, previous);
  }

  async withdraw(prefix: string): Promise<void> {
    const index = this.#announced.findIndex((a) => a.prefix === prefix);
    if (index < 0)
      throw new TestkitError(TestkitErrorCode.INVALID_ARGUMENT, `${this.kind}: ${prefix} is not announced`);
    const [previous] = this.#announced.splice(index, 1);
    await this.applyWithdraw(prefix, previous as Announcement);
  }

  /** Start the processes (configs are already written) and return once the daemon is ready. */
  protected abstract launch(): Promise<void>;
  /** Names of log files inside the work directory, for {@link DaemonBase.logs}. */
  protected abstract logFileNames(): readonly string[];
  abstract routes(): Promise<DaemonRoute[]>;
  abstract peerState(address: string): Promise<PeerState>;

  /** Launch, and on failure stop whatever started and rethrow with the logs attached. */
  protected async boot(): Promise<void> {
    try {
      await this.launch();
    } catch (error) {
      const logs = await this.logs();
      await this.stop();
      const message = error instanceof Error ? error.message : String(error);
      throw new TestkitError(
        TestkitErrorCode.DAEMON_FAILED,
        `${this.kind} in ${this.host.name} did not start: ${message}\n--- logs ---\n${logs}`,
        { cause: error },
      );
    }
  }

  /** Spawn one of the daemon's processes in the host, logging to `<workdir>/<logName>`. */
  protected spawnProcess(
    cmd: string,
    args: readonly string[],
    logName: string,
    env?: Readonly<Record<string, string>>,
  ): TrackedProcess {
    const proc = this.host.spawn(cmd, args, {
      logFile: join(this.workdir, logName),
      cwd: this.workdir,
      ...(env ? { env } : {}),
    });
    this.#processes.push(proc);
    return proc;
  }

  /** Poll `probe` until ready; fail early if one of the daemon's processes died. */
  protected async waitReady(probe: () => Promise<boolean>, what: string): Promise<void> {
    await waitFor(
      async () => {
        const dead = this.#processes.find((p) => !p.running);
        if (dead) {
          throw new TestkitError(
            TestkitErrorCode.DAEMON_FAILED,
            `${dead.command} exited (${JSON.stringify(dead.exitStatus)})`,
          );
        }
        return probe();
      },
      { timeoutMs: this.options.startTimeoutMs ?? 20_000, intervalMs: 100, what },
    ).catch((error: unknown) => {
      // A dead process is the real cause; report it rather than the timeout.
      const dead = this.#processes.find((p) => !p.running);
      if (dead) {
        throw new TestkitError(TestkitErrorCode.DAEMON_FAILED, `${dead.command} exited during start-up`, {
          cause: error,
        });
      }
      throw error;
    });
  }

  pids(): number[] {
    return this.#processes.filter((p) => p.running).map((p) => p.pid);
  }

  async waitEstablished(address: string, timeoutMs = 20_000): Promise<void> {
    try {
      await waitFor(async () => (await this.peerState(address)) === "Established", {
        timeoutMs,
        intervalMs: 250,
        what: `${this.kind} in ${this.host.name}: session with ${address} Established`,
      });
    } catch (error) {
      if (error instanceof TestkitError && error.code === TestkitErrorCode.TIMEOUT) {
        const state = await this.peerState(address).catch((e: unknown) => String(e));
        throw new TestkitError(
          TestkitErrorCode.TIMEOUT,
          `${error.message} (state now: ${state})\n--- ${this.kind} logs ---\n${await this.logs()}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async waitForRoute(match: RouteMatch, timeoutMs = 15_000): Promise<DaemonRoute> {
    const what = `${this.kind} in ${this.host.name}: route ${JSON.stringify({ ...match, where: undefined })}`;
    return waitFor(async () => (await this.routes()).find((r) => matchesRoute(r, match)), {
      timeoutMs,
      intervalMs: 250,
      what,
    });
  }

  pause(): void {
    for (const p of this.#processes) p.signal("SIGSTOP");
  }

  resume(): void {
    for (const p of this.#processes) p.signal("SIGCONT");
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.boot();
  }

  async stop(): Promise<void> {
    // Reverse start order: e.g. FRR's bgpd before zebra.
    const procs = [...this.#processes].reverse();
    this.#processes = [];
    for (const p of procs) await p.stop();
  }

  async logs(): Promise<string> {
    const parts: string[] = [];
    for (const name of this.logFileNames()) {
      const text = await readFile(join(this.workdir, name), "utf8").catch(() => "");
      if (text) parts.push(`[${name}]\n${text.slice(-LOG_TAIL)}`);
    }
    return parts.join("\n");
  }
}

/** Does `route` satisfy `match`? */
export function matchesRoute(route: DaemonRoute, match: RouteMatch): boolean {
  if (route.prefix !== match.prefix) return false;
  if (match.fromPeer !== undefined && route.fromPeer !== match.fromPeer) return false;
  if (match.best !== undefined && route.best !== match.best) return false;
  return match.where ? match.where(route) : true;
}
