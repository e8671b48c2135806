/** The `BENCH_*` variables of the shared bench harness (../shared/bench, "Adapter interface"). */
import { BgpConfigError } from "@tsbgp/bgp-fsm";
import type { DecisionOptions } from "@tsbgp/rib";

/** What the harness asks the device under test to be. */
export interface BenchEnv {
  /** `ingest`: accept everything from one eBGP peer, advertise nothing. `rr`: iBGP reflector. */
  readonly mode: "ingest" | "rr";
  readonly localAddress: string;
  readonly localAs: number;
  readonly routerId: string;
  readonly peers: readonly { readonly address: string; readonly asn: number }[];
  /** Directory whose `count` file reports the accepted prefixes. */
  readonly workdir: string;
  /**
   * Decision process options (`BENCH_DECISION`, JSON, optional; not a harness variable): the
   * interop differentials set `{"deterministicMed":true}` to match BIRD's `deterministic med`.
   */
  readonly decision: DecisionOptions;
}

const DECISION_FLAGS = [
  "alwaysCompareMed",
  "deterministicMed",
  "medMissingAsWorst",
  "compareIgpCost",
] as const;

/** Parses `BENCH_DECISION`: a JSON object with boolean flags and `defaultLocalPref`. */
function readDecision(text: string | undefined): DecisionOptions {
  if (text === undefined || text === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BgpConfigError("BENCH_DECISION", "must be a JSON object");
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new BgpConfigError("BENCH_DECISION", "must be a JSON object");
  const o = v as Record<string, unknown>;
  const out: { -readonly [K in keyof DecisionOptions]: DecisionOptions[K] } = {};
  for (const [key, value] of Object.entries(o)) {
    if ((DECISION_FLAGS as readonly string[]).includes(key) && typeof value === "boolean") {
      out[key as (typeof DECISION_FLAGS)[number]] = value;
    } else if (key === "defaultLocalPref" && Number.isInteger(value) && (value as number) >= 0) {
      out.defaultLocalPref = value as number;
    } else {
      throw new BgpConfigError(`BENCH_DECISION.${key}`, "unknown option or bad value");
    }
  }
  return out;
}

function need(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (v === undefined || v === "") throw new BgpConfigError(name, "is required");
  return v;
}

/** Reads and checks the variables. */
export function readBenchEnv(env: NodeJS.ProcessEnv = process.env): BenchEnv {
  const mode = need(env, "BENCH_MODE");
  if (mode !== "ingest" && mode !== "rr")
    throw new BgpConfigError("BENCH_MODE", `must be ingest or rr, got ${mode}`);
  const localAs = Number(need(env, "BENCH_LOCAL_AS"));
  if (!Number.isInteger(localAs) || localAs < 1)
    throw new BgpConfigError("BENCH_LOCAL_AS", "must be an AS number");
  const peers = need(env, "BENCH_PEERS")
    .split(/\s+/)
    .filter(Boolean)
    .map((entry, i) => {
      const at = entry.lastIndexOf(":");
      const asn = Number(entry.slice(at + 1));
      if (at <= 0 || !Number.isInteger(asn) || asn < 1)
        throw new BgpConfigError(`BENCH_PEERS[${i}]`, `must be address:asn, got ${entry}`);
      return { address: entry.slice(0, at), asn };
    });
  const localAddress = need(env, "BENCH_LOCAL_ADDR");
  return {
    mode,
    localAddress,
    localAs,
    routerId: env.BENCH_ROUTER_ID || localAddress,
    peers,
    workdir: need(env, "BENCH_WORKDIR"),
    decision: readDecision(env.BENCH_DECISION),
  };
}
