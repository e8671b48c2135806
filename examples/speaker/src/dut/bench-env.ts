/** The `BENCH_*` variables of the shared bench harness (../shared/bench, "Adapter interface"). */
import { BgpConfigError } from "@tsbgp/bgp-fsm";

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
  };
}
