/**
 * Events of {@link RouteSync} (typed with `typed-emitter`, a types-only package).
 * @module
 */
import type { RouteSyncError } from "../errors.js";
import type { NormalizedRoute, RouteOp } from "../model/kernel-route.js";

/** Why a route was put back. */
export type RestoreReason = "deleted" | "changed" | "conflict-cleared";

/** What one reconciliation did. */
export interface SyncReport {
  /** Routes added to the kernel. */
  readonly added: number;
  /** Routes replaced because their content differed. */
  readonly replaced: number;
  /** Routes removed. */
  readonly removed: number;
  /** Desired routes already right in the kernel (no message sent). */
  readonly unchanged: number;
  /** Desired routes held back because another protocol owns the prefix. */
  readonly conflicts: number;
  /** Failed operations with their errors (the rest of the batch was still applied). */
  readonly failed: readonly { readonly op: RouteOp; readonly error: RouteSyncError }[];
}

/** Event map of {@link RouteSync}; names are `namespace:verb`. */
export type RouteSyncEvents = {
  /** One of our routes was deleted/changed behind our back (or a conflict ended) and was put back. */
  "route:restored": (route: NormalizedRoute, reason: RestoreReason) => void;
  /** A route of another protocol holds a (table, prefix, metric) we want; we leave it alone. */
  "route:conflict": (wanted: NormalizedRoute, foreign: NormalizedRoute | undefined) => void;
  /** The kernel (or validation) refused one operation. */
  "route:error": (error: RouteSyncError, op: RouteOp) => void;
  /** Stale routes from a previous run that were not desired again were removed. */
  "sync:stale-swept": (removed: number) => void;
  /** A full resync finished. */
  "sync:resynced": (report: SyncReport) => void;
  /** A background task (watch, periodic resync) failed. */
  "sync:error": (error: RouteSyncError) => void;
};
