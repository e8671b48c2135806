/**
 * BIRD 2 options that make its decision process the same as our RIB's, written into every BGP
 * protocol of a testkit-generated bird.conf (the driver has no per-protocol hook). Where BIRD's
 * default already equals ours the option is still spelled out, so the config documents the
 * whole match (see docs/interop-bird-differential.md).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DecisionOptions } from "@tsbgp/rib";
import type { Bird } from "@tsbgp/testkit";

/** Our side of the match: the RIB speaker's decision options (`BENCH_DECISION`). */
export const OUR_DECISION: DecisionOptions = {
  // RFC 4271 §9.1.2.2 c compares MED only within one neighbouring AS, which makes a pairwise
  // fold depend on arrival order; BIRD and our speaker receive in different orders, so both
  // group by neighbouring AS first (BIRD `deterministic med`, Cisco `bgp deterministic-med`).
  deterministicMed: true,
};

/** BIRD's side, one statement per difference or pinned default. */
export const BIRD_DECISION_OPTIONS: readonly string[] = [
  // Differs from BIRD's default (off): see OUR_DECISION.deterministicMed.
  "deterministic med on;",
  // = our alwaysCompareMed false: MED only between routes from the same neighbouring AS.
  "med metric off;",
  // = our compareIgpCost true (RFC 4271 §9.1.2.2 e); every next hop here is direct (cost equal).
  "igp metric on;",
  // = our decision, which has no route-age step: the lowest router ID (ORIGINATOR_ID if
  // present, RFC 4456 §9) decides, then CLUSTER_LIST length, then the peer address.
  "prefer older off;",
  // = our medMissingAsWorst false: a missing MED counts as 0 (RFC 4271 §9.1.2.2 c lets either).
  "default bgp_med 0;",
  // = our defaultLocalPref 100 (RFC 4271 §5.1.5 leaves a missing LOCAL_PREF to the speaker).
  "default bgp_local_pref 100;",
];

/**
 * Adds {@link BIRD_DECISION_OPTIONS} to every `protocol bgp` of a running BIRD and reloads it.
 * Call it before any session comes up: BIRD restarts a BGP protocol whose options change.
 * (The driver's `announce()` rewrites bird.conf, so the differentials never call it on BIRD.)
 */
export async function applyBirdDecisionOptions(bird: Bird): Promise<void> {
  const file = join(bird.workdir, "bird.conf");
  const conf = await readFile(file, "utf8");
  const patched = conf.replace(/^(protocol bgp \S+ \{)$/gm, `$1\n  ${BIRD_DECISION_OPTIONS.join(" ")}`);
  if (patched === conf) throw new Error("bird.conf has no BGP protocol to patch");
  await writeFile(file, patched);
  const out = await bird.birdc("configure");
  if (!out.includes("Reconfigured") && !out.includes("Reconfiguration in progress"))
    throw new Error(`birdc configure failed:\n${out}`);
}
