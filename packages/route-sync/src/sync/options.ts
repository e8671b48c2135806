/**
 * What a {@link RouteSync} is made with, and the changes it takes.
 * @module
 */
import type { RouteBackend } from "../backend/backend.js";
import type { KernelRoute } from "../model/kernel-route.js";
import type { RouteSync } from "./route-sync.js";

/** Options of {@link RouteSync}. */
export interface RouteSyncInit {
  /** Where routes go: `openKernelBackend()` or `new MemoryBackend()`. */
  readonly backend: RouteBackend;
  /** `rtm_protocol` marking our routes. Default 186 (`bgp`). */
  readonly protocol?: number;
  /** Full resync period in ms (Felix's route refresh); 0 disables. Default 90 000. */
  readonly resyncIntervalMs?: number;
  /** Delay in ms to gather notifications before repairing. Default 20. */
  readonly repairDelayMs?: number;
  /**
   * Keep routes found at start (stale) until {@link RouteSync.converged}: graceful restart.
   * Default true. When false the first reconciliation removes undesired leftovers.
   */
  readonly gracefulRestart?: boolean;
  /** Overwrite routes of other protocols on our prefixes instead of reporting a conflict. Default false. */
  readonly takeOver?: boolean;
}

/**
 * A change to the desired set (the shape a RIB change adapter produces). For `remove` only the
 * identity is needed: `{ prefix, table?, metric? }` (no kind or next hops).
 */
export interface DesiredChange {
  readonly op: "add" | "replace" | "remove";
  readonly route: KernelRoute;
}
