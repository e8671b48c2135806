import { execFile, execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { TestkitError, TestkitErrorCode } from "./errors.js";

/** Output of a finished command. */
export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link run}. */
export interface RunOptions {
  /** Kill the command after this many milliseconds (default 20 s). */
  readonly timeoutMs?: number;
  /** Extra environment variables (merged over `process.env`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory. */
  readonly cwd?: string;
}

/**
 * Run a command to completion without a shell and return its output.
 *
 * @throws TestkitError `COMMAND_FAILED` with the command line and stderr when it exits non-zero.
 */
export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        timeout: options.timeoutMs ?? 20_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: "utf8",
        ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
      },
      (error, stdout, stderr) => {
        if (error) {
          const line = [cmd, ...args].join(" ");
          reject(
            new TestkitError(
              TestkitErrorCode.COMMAND_FAILED,
              `command failed (${error.code ?? error.signal ?? "?"}): ${line}\n${stderr.trim() || stdout.trim()}`,
              { cause: error },
            ),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * Synchronous best-effort variant used by exit hooks, where no promise can settle.
 *
 * @returns stdout, or `undefined` if the command failed.
 */
export function runSyncQuiet(cmd: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(cmd, args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    });
  } catch {
    return undefined;
  }
}

/**
 * Check that a daemon binary is installed and executable.
 *
 * @param path Absolute path of the binary.
 * @param aptPackage Debian package that provides it, named in the error.
 * @throws TestkitError `UNAVAILABLE`
 */
export function assertBinary(path: string, aptPackage: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new TestkitError(
      TestkitErrorCode.UNAVAILABLE,
      `${path} not found: install the Debian package ${aptPackage} (scripts/setup.sh does this in CI)`,
    );
  }
}
