/**
 * Options of the decision process. Defaults match BIRD 2's defaults where the RFC leaves a
 * choice (MED compared only within one neighbouring AS, missing MED = 0, LOCAL_PREF 100 when
 * absent, IGP cost compared, multipath off).
 */
import type { IpAddress } from "@tsbgp/bgp-wire";
import type { Route } from "../route.js";

/** Result of resolving a next hop. */
export interface NextHopResolution {
  /** Whether the next hop can be reached (RFC 4271 §9.1.2.1). */
  readonly reachable: boolean;
  /** IGP cost to reach it (RFC 4271 §9.1.2.2 e). */
  readonly cost: number;
}

/** Pluggable next-hop resolver (an IGP, the kernel table, or a static map in tests). */
export type NextHopResolver = (nextHop: IpAddress | null, route: Route) => NextHopResolution;

/** Everything is reachable at cost 0: the default for a speaker without an IGP. */
export const alwaysReachable: NextHopResolver = () => REACHABLE_0;
const REACHABLE_0: NextHopResolution = Object.freeze({ reachable: true, cost: 0 });

/** Decision process options. */
export interface DecisionOptions {
  /** Compare MED between routes from different neighbouring ASes (`bgp always-compare-med`). */
  readonly alwaysCompareMed?: boolean;
  /** Compare routes per neighbouring AS first, then the group winners (`bgp deterministic-med`). */
  readonly deterministicMed?: boolean;
  /** Treat a missing MED as the worst (2^32-1) instead of 0 (RFC 4271 §9.1.2.2 c allows either). */
  readonly medMissingAsWorst?: boolean;
  /** LOCAL_PREF assumed when absent (RFC 4271 §5.1.5; BIRD `default bgp_local_pref` 100). */
  readonly defaultLocalPref?: number;
  /** Compare IGP cost to the next hop (default true; BIRD `igp metric`). */
  readonly compareIgpCost?: boolean;
  /** Largest ECMP set for eBGP- and iBGP-learned best paths (1 = multipath off, the default). */
  readonly multipath?: { readonly ebgp?: number; readonly ibgp?: number };
}

/** {@link DecisionOptions} with every default filled in. */
export interface ResolvedDecisionOptions {
  readonly alwaysCompareMed: boolean;
  readonly deterministicMed: boolean;
  readonly medMissingAsWorst: boolean;
  readonly defaultLocalPref: number;
  readonly compareIgpCost: boolean;
  readonly multipathEbgp: number;
  readonly multipathIbgp: number;
}

/** Fills in the defaults. */
export function resolveDecisionOptions(o: DecisionOptions = {}): ResolvedDecisionOptions {
  return {
    alwaysCompareMed: o.alwaysCompareMed ?? false,
    deterministicMed: o.deterministicMed ?? false,
    medMissingAsWorst: o.medMissingAsWorst ?? false,
    defaultLocalPref: o.defaultLocalPref ?? 100,
    compareIgpCost: o.compareIgpCost ?? true,
    multipathEbgp: Math.max(1, o.multipath?.ebgp ?? 1),
    multipathIbgp: Math.max(1, o.multipath?.ibgp ?? 1),
  };
}
