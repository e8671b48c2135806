/**
 * How to start an agent process: from sources (`node --import tsx src/cli.ts`, run from the
 * repository root so tsx finds the workspace path mapping) or from the build (`node dist/cli.js`).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Command, arguments and working directory that run `tsbgp-node-agent <args>`. */
export interface AgentCommand {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** The command line for `tsbgp-node-agent ...args`. */
export function agentCommand(args: readonly string[]): AgentCommand {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = resolve(here, "../cli.ts");
  if (existsSync(source)) {
    // src/demo → repository root (examples/node-agent/src/demo → ../../../..).
    return {
      cmd: process.execPath,
      args: ["--import", "tsx", source, ...args],
      cwd: resolve(here, "../../../.."),
    };
  }
  return { cmd: process.execPath, args: [join(here, "cli.js"), ...args], cwd: process.cwd() };
}
