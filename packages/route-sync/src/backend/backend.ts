/**
 * The interface every route store implements: the Linux kernel over rtnetlink, or memory.
 * @module
 */
import type { AddressInfo, LinkInfo } from "../codec/link-codec.js";
import type { NormalizedRoute, RouteOp, RouteOpResult, RoutePrefix } from "../model/kernel-route.js";

/** Selects routes by owner, table, family and prefix (BIRD's `learn` filters, `ip route show` selectors). */
export interface RouteFilter {
  /** Only this `rtm_protocol`. */
  readonly protocol?: number;
  /** Only these protocols. */
  readonly protocols?: readonly number[];
  /** Only this table. */
  readonly table?: number;
  /** Only this family. */
  readonly family?: 4 | 6;
  /** Only prefixes inside this one (equal or more specific). */
  readonly within?: RoutePrefix;
}

/** A route change seen by a watcher. `overrun`: notifications were lost, a full resync is due. */
export type RouteNotification =
  | { readonly type: "new"; readonly route: NormalizedRoute }
  | { readonly type: "del"; readonly route: NormalizedRoute }
  | { readonly type: "overrun" };

/** Options of one batch. */
export interface ApplyOptions {
  /** Protocol given to routes that do not set one. */
  readonly defaultProtocol?: number;
}

/** A place routes live: same contract for the kernel and the in-memory store. */
export interface RouteBackend {
  /** Routes matching `filter` (all tables, both families), normalised, with device names filled. */
  listRoutes(filter?: RouteFilter): Promise<NormalizedRoute[]>;
  /**
   * Applies `ops` as one pipelined batch. Never throws for a single bad route: each op gets a result
   * in input order, failures carry a `RouteSyncError` naming the route and errno.
   */
  applyBatch(ops: readonly RouteOp[], options?: ApplyOptions): Promise<RouteOpResult[]>;
  /** Network interfaces. */
  listLinks(): Promise<LinkInfo[]>;
  /** Addresses on the interfaces. */
  listAddresses(): Promise<AddressInfo[]>;
  /** Subscribes to route changes from any source; returns the unsubscribe function. */
  watch(listener: (n: RouteNotification) => void): Promise<() => void>;
  /** Releases sockets. Routes stay in the kernel. */
  close(): void;
  /**
   * Optional: deletes helper objects no route uses any more (the kernel backend's nexthop
   * objects) and returns how many. Backends without such objects leave it out.
   */
  collectUnused?(): Promise<number>;
  /**
   * Optional: true when a batch of `count` ops will run with the watch paused, so its changes
   * cause no notifications (watchers get one `overrun` afterwards instead).
   */
  suppressesEchoes?(count: number): boolean;
}

/** Default `rtm_protocol` of our routes: RTPROT_BGP (186), shown as "bgp" by `ip route`. */
export const DEFAULT_PROTOCOL = 186;
