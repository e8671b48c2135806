import type { ChildProcess } from "node:child_process";
import { TestkitError, TestkitErrorCode } from "../errors.js";
import { sleep } from "../wait.js";

/** How a tracked process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A long-running process started by a lab host, known by its PID.
 *
 * Processes are only ever signalled through this object, and only while they have not been
 * seen to exit, so a recycled PID is never hit.
 */
export class TrackedProcess {
  /** The process id (the daemon itself: `ip netns exec` replaces itself with the command). */
  readonly pid: number;
  /** The command line, for messages. */
  readonly command: string;
  /** Where stdout and stderr go, if a log file was given. */
  readonly logFile: string | undefined;
  /** Settles when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  #exit: ProcessExit | undefined;

  constructor(child: ChildProcess, command: string, logFile: string | undefined) {
    if (child.pid === undefined)
      throw new TestkitError(TestkitErrorCode.DAEMON_FAILED, `spawn failed: ${command}`);
    this.pid = child.pid;
    this.command = command;
    this.logFile = logFile;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
  }

  /** True until the exit of the process has been observed. */
  get running(): boolean {
    return this.#exit === undefined;
  }

  /** Exit status once exited, else `undefined`. */
  get exitStatus(): ProcessExit | undefined {
    return this.#exit;
  }

  /** Send `signal` if the process is still running; returns whether it was sent. */
  signal(signal: NodeJS.Signals): boolean {
    if (!this.running) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * SIGTERM, then SIGKILL if it has not exited after `graceMs`. A stopped (SIGSTOP) process is
   * continued first so it can act on SIGTERM.
   */
  async stop(graceMs = 3_000): Promise<ProcessExit> {
    if (!this.running) return this.#exit as ProcessExit;
    this.signal("SIGTERM");
    this.signal("SIGCONT");
    const timedOut = Symbol("timeout");
    const first = await Promise.race([this.exited, sleep(graceMs).then(() => timedOut)]);
    if (first !== timedOut) return first as ProcessExit;
    this.signal("SIGKILL");
    return this.exited;
  }

  /** SIGKILL without waiting (exit hooks). */
  killSync(): void {
    this.signal("SIGKILL");
  }
}
