/**
 * `simulate --nodes N --mode mesh|rr [--reflectors R] [--scenario ...] [--json]`: runs N real
 * node agents in this process over in-memory transports on a virtual clock and prints what it
 * measured. Exit codes: 0 converged, 1 did not converge, 2 bad arguments.
 */
import { parseArgs, SimUsageError, USAGE } from "./cli/args.js";
import { summary } from "./cli/summary.js";
import { runSimulation } from "./sim/run.js";

async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof SimUsageError) {
      process.stderr.write(`simulate: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const { json, ...options } = args;
  const result = await runSimulation(options);
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${summary(result).join("\n")}\n`);
  return result.converged ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
