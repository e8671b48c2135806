/** Runs a sample or a repository command as a child process and collects its output. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT, SAMPLES_DIR } from "./markdown.js";

/** What a finished child process left behind. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cmd args` from the repository root; never rejects (the exit code is in the result). */
export function run(cmd: string, args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      cmd,
      args,
      {
        cwd: REPO_ROOT,
        timeout: timeoutMs,
        maxBuffer: 16 << 20,
        // The samples' tsconfig maps every @tsbgp/* import to its source, as vitest does.
        env: { ...process.env, TSX_TSCONFIG_PATH: join(SAMPLES_DIR, "tsconfig.json"), LOG_LEVEL: "silent" },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `docs/samples/<file>` with `node --import tsx`. */
export function runSample(file: string): Promise<RunResult> {
  return run(process.execPath, ["--import", "tsx", join(SAMPLES_DIR, file)]);
}
