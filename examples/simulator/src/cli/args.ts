/**
 * Command-line arguments of the simulator. Every nonsensical combination is a
 * {@link SimUsageError} with one line saying what is wrong; the program prints it with the
 * usage text and exits with code 2.
 */
import { MAX_SIM_NODES } from "../sim/addressing.js";
import { SCENARIOS, type Scenario } from "../sim/result.js";
import type { SimOptions } from "../sim/run.js";

/** Usage text. */
export const USAGE = `usage: simulate --nodes N --mode mesh|rr [--reflectors R] [--scenario ${SCENARIOS.join("|")}]
                [--latency-ms MS] [--flaps K] [--flap-period S] [--json]
  --nodes N        nodes in the cluster, 2..${MAX_SIM_NODES - 1}
  --mode           mesh: full mesh, N(N-1)/2 sessions; rr: R route reflectors, the rest their clients
  --reflectors R   rr only, 1..N (default 2)
  --scenario       cold; leave (cold, then the last node leaves); join (default: leave, then it
                   joins again); reflector-dies (rr: reflector 1 loses power); flap (the last
                   node's links reset every --flap-period virtual seconds, --flaps times)
  --latency-ms     one-way link latency in virtual ms (default 1)
  --json           print one JSON object instead of the summary`;

/** Stable code of {@link SimUsageError}. */
export const SimErrorCode = { USAGE: "SIM_USAGE" } as const;

/** A bad command line. */
export class SimUsageError extends Error {
  override readonly name = "SimUsageError";
  readonly code = SimErrorCode.USAGE;
}

/** Parsed command line. */
export interface SimArgs extends SimOptions {
  readonly json: boolean;
}

const FLAGS = new Set([
  "--nodes",
  "--mode",
  "--reflectors",
  "--scenario",
  "--latency-ms",
  "--flaps",
  "--flap-period",
]);

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n))
    throw new SimUsageError(`${flag} ${text}: not an integer`);
  if (n < min || n > max) throw new SimUsageError(`${flag} ${text}: must be ${min}..${max}`);
  return n;
}

/** Parses `argv` (without node and script). */
export function parseArgs(argv: readonly string[]): SimArgs {
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--json") {
      json = true;
      continue;
    }
    const eq = a.indexOf("=");
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (!FLAGS.has(flag)) throw new SimUsageError(`unknown argument ${a}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new SimUsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const nodesText = values.get("--nodes");
  if (nodesText === undefined) throw new SimUsageError("--nodes is required");
  const n = Number(nodesText);
  if (/^-?\d+$/.test(nodesText) && n < 2)
    throw new SimUsageError(`--nodes ${nodesText}: a cluster needs at least 2 nodes`);
  const nodes = integer("--nodes", nodesText, 2, MAX_SIM_NODES - 1);
  const mode = values.get("--mode");
  if (mode === undefined) throw new SimUsageError("--mode is required (mesh or rr)");
  if (mode !== "mesh" && mode !== "rr") throw new SimUsageError(`--mode ${mode}: unknown mode (mesh or rr)`);
  const rText = values.get("--reflectors");
  if (mode === "mesh" && rText !== undefined) throw new SimUsageError("--reflectors is for --mode rr only");
  let reflectors: number | undefined;
  if (rText !== undefined) {
    const r = Number(rText);
    if (/^-?\d+$/.test(rText) && r < 1)
      throw new SimUsageError(`--reflectors ${rText}: rr mode needs at least 1 reflector`);
    if (/^-?\d+$/.test(rText) && r > nodes)
      throw new SimUsageError(`--reflectors ${rText}: more reflectors than nodes (${nodes})`);
    reflectors = integer("--reflectors", rText, 1, nodes);
  }
  const scenarioText = values.get("--scenario") ?? "join";
  if (!(SCENARIOS as readonly string[]).includes(scenarioText))
    throw new SimUsageError(`--scenario ${scenarioText}: unknown (${SCENARIOS.join(", ")})`);
  const scenario = scenarioText as Scenario;
  if (scenario === "reflector-dies" && mode !== "rr")
    throw new SimUsageError("--scenario reflector-dies needs --mode rr");
  const lat = values.get("--latency-ms");
  const flaps = values.get("--flaps");
  const period = values.get("--flap-period");
  return {
    json,
    nodes,
    mode,
    scenario,
    ...(reflectors === undefined ? {} : { reflectors }),
    ...(lat === undefined ? {} : { latencyMs: integer("--latency-ms", lat, 0, 10_000) }),
    ...(flaps === undefined ? {} : { flaps: integer("--flaps", flaps, 1, 1000) }),
    ...(period === undefined ? {} : { flapPeriodS: integer("--flap-period", period, 1, 3600) }),
  };
}
