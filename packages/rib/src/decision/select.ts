/**
 * Best-path selection over one prefix's candidates, the recorded reason, and the multipath set.
 */
import { PeerKind } from "../peer.js";
import type { Route } from "../route.js";
import type { NextHopResolver, ResolvedDecisionOptions } from "./options.js";
import { DecisionReason, type DecisionReasonName } from "./reason.js";
import { compareRoutes, DECISION_STEPS, IGP_COST_STEP } from "./steps.js";

/** What the decision process chose for one prefix. */
export interface Selection {
  /** The best usable route, or null. */
  readonly best: Route | null;
  /** The multipath set, best first; empty when there is no best. */
  readonly ecmp: readonly Route[];
  /** The step that separated the best from its closest contender. */
  readonly reason: DecisionReasonName | null;
}

const NONE: Selection = Object.freeze({ best: null, ecmp: Object.freeze([]), reason: null });

function order(a: Route, b: Route, o: ResolvedDecisionOptions): number {
  for (const s of DECISION_STEPS) {
    const c = s.compare(a, b, o);
    if (c !== 0) return c;
  }
  return 0;
}

/** Pairwise fold in arrival order (BIRD's default, which the MED rule makes order dependent). */
function fold(cands: readonly Route[], o: ResolvedDecisionOptions): Route {
  let best = cands[0]!;
  for (let i = 1; i < cands.length; i++) {
    const r = cands[i]!;
    if (order(r, best, o) < 0) best = r;
  }
  return best;
}

/**
 * Deterministic MED: the best of each neighbouring-AS group first, then the best of the group
 * winners, so the result no longer depends on arrival order.
 */
function foldDeterministic(cands: readonly Route[], o: ResolvedDecisionOptions): Route {
  const groups = new Map<number, Route>();
  for (const r of cands) {
    const as = r.attrs!.neighborAs;
    const cur = groups.get(as);
    if (cur === undefined || order(r, cur, o) < 0) groups.set(as, r);
  }
  return fold([...groups.values()], o);
}

/**
 * Runs the decision process: resolves next hops through `resolve`, picks the best route,
 * records why it beat its closest contender, and gathers the routes equal to it up to the
 * IGP-cost step as the multipath set (bounded per eBGP/iBGP by the options).
 */
export function selectBest(
  routes: readonly Route[],
  o: ResolvedDecisionOptions,
  resolve: NextHopResolver,
): Selection {
  const cands: Route[] = [];
  for (const r of routes) {
    if (r.attrs === null) continue;
    const res = resolve(r.attrs.nextHop, r);
    r.reachable = res.reachable;
    r.igpCost = res.cost;
    cands.push(r);
  }
  if (cands.length === 0) return NONE;
  if (cands.length === 1) {
    const only = cands[0]!;
    // The (copy-on-write) routes array doubles as the one-route ECMP set: no allocation.
    const ecmp = routes.length === 1 ? routes : [only];
    return only.reachable ? { best: only, ecmp, reason: DecisionReason.ONLY_ROUTE } : NONE;
  }
  if (cands.length === 2) return selectOfTwo(cands[0]!, cands[1]!, o);
  return selectOfMany(cands, o);
}

/**
 * Two usable candidates (a multi-homed prefix, the common case after one route): one walk of the
 * chain gives the winner, the reason and whether the other joins the multipath set. The same
 * result as {@link selectOfMany}: a fold of two routes is this one comparison; deterministic
 * MED puts two routes into one group (the same comparison) or two groups folded in arrival order
 * (the same again); and every step is antisymmetric, so the deciding step is the same in either
 * direction. Exported for the test that holds the two to each other.
 */
export function selectOfTwo(a: Route, b: Route, o: ResolvedDecisionOptions): Selection {
  // As the fold does: the later route replaces the earlier one only when strictly better.
  const c = compareRoutes(b, a, o);
  const best = c.order < 0 ? b : a;
  if (!best.reachable) return NONE;
  const other = best === a ? b : a;
  const reason = DECISION_STEPS[Math.min(c.step, DECISION_STEPS.length - 1)]!.reason;
  const max = best.peer.kind === PeerKind.IBGP ? o.multipathIbgp : o.multipathEbgp;
  // Equal up to the IGP-cost step: the deciding step comes after it (or there is none).
  const both = max > 1 && other.reachable && c.step > IGP_COST_STEP;
  return { best, ecmp: both ? [best, other] : [best], reason };
}

/**
 * The general selection over usable candidates (next hops already resolved), in arrival order.
 * Exported for the test that holds {@link selectOfTwo} to it.
 */
export function selectOfMany(cands: readonly Route[], o: ResolvedDecisionOptions): Selection {
  if (cands.length === 0) return NONE;
  const best = o.deterministicMed ? foldDeterministic(cands, o) : fold(cands, o);
  if (!best.reachable) return NONE;

  let closest = -1;
  for (const r of cands) {
    if (r === best) continue;
    const c = compareRoutes(best, r, o);
    if (c.step > closest) closest = c.step;
  }
  const reason = DECISION_STEPS[Math.min(closest, DECISION_STEPS.length - 1)]!.reason;

  const max = best.peer.kind === PeerKind.IBGP ? o.multipathIbgp : o.multipathEbgp;
  if (max <= 1) return { best, ecmp: [best], reason };
  const peers = cands.filter(
    (r) => r !== best && r.reachable && compareRoutes(best, r, o, IGP_COST_STEP).order === 0,
  );
  peers.sort((a, b) => order(a, b, o));
  return { best, ecmp: [best, ...peers.slice(0, max - 1)], reason };
}

/** All usable candidates, best first, for ADD-PATH "all" and "best N" export. */
export function rankRoutes(routes: readonly Route[], o: ResolvedDecisionOptions): Route[] {
  return routes.filter((r) => r.attrs !== null && r.reachable).sort((a, b) => order(a, b, o));
}
