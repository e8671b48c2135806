/**
 * Pure diff of desired routes against what the kernel holds: the minimal set of operations.
 * @module
 */
import type { NormalizedRoute } from "../model/kernel-route.js";
import { sameForwarding } from "../model/route-key.js";

/** State the planner reads, keyed by `routeKey`. */
export interface PlanState {
  /** What we want. */
  readonly desired: ReadonlyMap<string, NormalizedRoute>;
  /** Our routes (our protocol) in the kernel. */
  readonly installed: ReadonlyMap<string, NormalizedRoute>;
  /** Routes of other protocols on the same keys. */
  readonly foreign: ReadonlyMap<string, NormalizedRoute>;
  /** Our routes kept from a previous run until the RIB has converged. */
  readonly stale: ReadonlySet<string>;
  /** Whether stale routes are still held (graceful restart not finished). */
  readonly holding: boolean;
  /** Overwrite routes of other protocols on our keys (off: report a conflict instead). */
  readonly takeOver: boolean;
}

/** One planned step. */
export type PlanStep =
  | { readonly kind: "add" | "replace"; readonly key: string; readonly route: NormalizedRoute }
  | { readonly kind: "remove"; readonly key: string; readonly route: NormalizedRoute }
  | { readonly kind: "unchanged" | "conflict"; readonly key: string; readonly route: NormalizedRoute };

/** Plans the step for one key, or `undefined` when there is nothing of ours or wanted there. */
export function planKey(s: PlanState, key: string): PlanStep | undefined {
  const want = s.desired.get(key);
  const have = s.installed.get(key);
  if (want) {
    if (!have) {
      const foreign = s.foreign.get(key);
      if (foreign && !s.takeOver) return { kind: "conflict", key, route: want };
      return { kind: foreign ? "replace" : "add", key, route: want };
    }
    return sameForwarding(want, have)
      ? { kind: "unchanged", key, route: want }
      : { kind: "replace", key, route: want };
  }
  if (have && !(s.holding && s.stale.has(key))) return { kind: "remove", key, route: have };
  return undefined;
}
