/**
 * The decision process as an ordered chain of comparators. Each step compares two usable
 * routes and returns < 0 when the first is better, > 0 when the second is, 0 to go on; the
 * chain reports which step decided, which is the recorded reason.
 */
import type { IpAddress } from "@tsbgp/bgp-wire";
import { PeerKind } from "../peer.js";
import type { Route } from "../route.js";
import type { ResolvedDecisionOptions } from "./options.js";
import { DecisionReason, type DecisionReasonName } from "./reason.js";

/** One step of the chain. */
export interface DecisionStep {
  readonly reason: DecisionReasonName;
  /** < 0: `a` is better; > 0: `b` is better; 0: equal at this step. */
  readonly compare: (a: Route, b: Route, o: ResolvedDecisionOptions) => number;
}

// Every step reads only the post-policy attributes: callers pass routes with `attrs` set.
const A = (r: Route) => r.attrs!;

function med(r: Route, o: ResolvedDecisionOptions): number {
  return A(r).med ?? (o.medMissingAsWorst ? 0xffffffff : 0);
}

function compareAddress(a: IpAddress, b: IpAddress): number {
  if (a.afi !== b.afi) return a.afi - b.afi;
  if (a.afi === 1 && b.afi === 1) return a.addr - b.addr;
  const x = a.addr as Uint8Array;
  const y = b.addr as Uint8Array;
  for (let i = 0; i < 16; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** True when MED may be compared between the two routes (RFC 4271 §9.1.2.2 c). */
export function medComparable(a: Route, b: Route, o: ResolvedDecisionOptions): boolean {
  if (o.alwaysCompareMed) return true;
  const na = A(a).neighborAs;
  return na !== -1 && na === A(b).neighborAs;
}

/** The chain, in order. Multipath uses the prefix up to and including {@link IGP_COST_STEP}. */
export const DECISION_STEPS: readonly DecisionStep[] = [
  // RFC 4271 §9.1.2.1: routes whose NEXT_HOP cannot be resolved are not usable.
  { reason: DecisionReason.NEXT_HOP, compare: (a, b) => Number(b.reachable) - Number(a.reachable) },
  // RFC 4271 §9.1.1: the degree of preference; higher is better.
  {
    reason: DecisionReason.LOCAL_PREF,
    compare: (a, b, o) => (A(b).localPref ?? o.defaultLocalPref) - (A(a).localPref ?? o.defaultLocalPref),
  },
  // Locally originated routes win next (FRR/Cisco "prefer local").
  {
    reason: DecisionReason.LOCAL_ORIGIN,
    compare: (a, b) => Number(b.peer.kind === PeerKind.LOCAL) - Number(a.peer.kind === PeerKind.LOCAL),
  },
  // RFC 4271 §9.1.2.2 a (AS_SET counts 1; RFC 5065 §5.3: confederation segments count 0).
  { reason: DecisionReason.AS_PATH, compare: (a, b) => A(a).pathLength - A(b).pathLength },
  // RFC 4271 §9.1.2.2 b: IGP < EGP < INCOMPLETE.
  { reason: DecisionReason.ORIGIN, compare: (a, b) => A(a).origin - A(b).origin },
  // RFC 4271 §9.1.2.2 c: lower MED, only between routes from the same neighbouring AS.
  {
    reason: DecisionReason.MED,
    compare: (a, b, o) => (medComparable(a, b, o) ? med(a, o) - med(b, o) : 0),
  },
  // RFC 4271 §9.1.2.2 d: eBGP-learned over iBGP-learned.
  {
    reason: DecisionReason.EBGP,
    compare: (a, b) => Number(b.peer.kind === PeerKind.EBGP) - Number(a.peer.kind === PeerKind.EBGP),
  },
  // RFC 4271 §9.1.2.2 e: lower interior cost to the next hop.
  { reason: DecisionReason.IGP_COST, compare: (a, b, o) => (o.compareIgpCost ? a.igpCost - b.igpCost : 0) },
  // RFC 4271 §9.1.2.2 f, RFC 4456 §9: ORIGINATOR_ID stands in for the BGP identifier.
  {
    reason: DecisionReason.ROUTER_ID,
    compare: (a, b) => (A(a).originatorId ?? a.peer.routerId) - (A(b).originatorId ?? b.peer.routerId),
  },
  // RFC 4456 §9: shorter CLUSTER_LIST, just before step g.
  { reason: DecisionReason.CLUSTER_LIST, compare: (a, b) => A(a).clusterLength - A(b).clusterLength },
  // RFC 4271 §9.1.2.2 g: lower peer address.
  { reason: DecisionReason.PEER_ADDRESS, compare: (a, b) => compareAddress(a.peer.address, b.peer.address) },
  // Two ADD-PATH paths from one peer that tie everywhere: lowest path ID, so the result is stable.
  { reason: DecisionReason.PATH_ID, compare: (a, b) => a.pathId - b.pathId },
];

/** Index of the IGP-cost step: routes equal up to here form the multipath set. */
export const IGP_COST_STEP = DECISION_STEPS.findIndex((s) => s.reason === DecisionReason.IGP_COST);

/** Outcome of comparing two routes along the chain. */
export interface Comparison {
  /** < 0: first better; > 0: second better; 0: tie on every step. */
  readonly order: number;
  /** Index of the deciding step (the chain length on a full tie). */
  readonly step: number;
}

/** Runs the chain (optionally only its first `upTo + 1` steps). */
export function compareRoutes(
  a: Route,
  b: Route,
  o: ResolvedDecisionOptions,
  upTo = DECISION_STEPS.length - 1,
): Comparison {
  for (let i = 0; i <= upTo; i++) {
    const c = DECISION_STEPS[i]!.compare(a, b, o);
    if (c !== 0) return { order: c, step: i };
  }
  return { order: 0, step: DECISION_STEPS.length };
}
