/**
 * {@link RouteBackend} held in memory, with the kernel's rules that matter to a sync agent:
 * EEXIST on add, ESRCH on removing a route that is not there (or not of that protocol),
 * ENODEV for unknown devices, ENETUNREACH for a gateway outside every connected subnet unless
 * onlink. For tests and for machines that are not Linux.
 * @module
 */
import type { AddressInfo, LinkInfo } from "../codec/link-codec.js";
import { RouteSyncError } from "../errors.js";
import { parseIp } from "../model/ip.js";
import type { Nexthop, NormalizedRoute, RouteOp, RouteOpResult } from "../model/kernel-route.js";
import { formatRoute, normalizeRoute, routeKey } from "../model/route-key.js";
import {
  type ApplyOptions,
  DEFAULT_PROTOCOL,
  type RouteBackend,
  type RouteFilter,
  type RouteNotification,
} from "./backend.js";
import { routeMatcher } from "./filter.js";

/** Options of {@link MemoryBackend}. */
export interface MemoryBackendInit {
  /** Protocol for routes that do not set one. Default {@link DEFAULT_PROTOCOL}. */
  readonly protocol?: number;
  /** Interfaces; when given, devices and gateways are checked like the kernel does. */
  readonly links?: readonly LinkInfo[];
  /** Connected addresses (their subnets make gateways reachable). */
  readonly addresses?: readonly AddressInfo[];
}

const Errno = { ESRCH: 3, ENODEV: 19, EEXIST: 17, ENETUNREACH: 101 } as const;

function sameSubnet(a: Uint8Array, b: Uint8Array, len: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0, bits = len; bits > 0; i++, bits -= 8) {
    const m = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i]! & m) !== (b[i]! & m)) return false;
  }
  return true;
}

/** An in-memory routing table set. Notifications are delivered asynchronously, in order. */
export class MemoryBackend implements RouteBackend {
  private readonly routes = new Map<string, NormalizedRoute>();
  private readonly watchers = new Set<(n: RouteNotification) => void>();
  private readonly links: LinkInfo[];
  private readonly addresses: AddressInfo[];
  private closed = false;

  constructor(private readonly init: MemoryBackendInit = {}) {
    this.links = [...(init.links ?? [])];
    this.addresses = [...(init.addresses ?? [])];
  }

  /** The configured interfaces. */
  async listLinks(): Promise<LinkInfo[]> {
    return [...this.links];
  }

  /** The configured addresses. */
  async listAddresses(): Promise<AddressInfo[]> {
    return [...this.addresses];
  }

  /** Stored routes matching `filter`. */
  async listRoutes(filter?: RouteFilter): Promise<NormalizedRoute[]> {
    const match = routeMatcher(filter);
    return [...this.routes.values()].filter(match);
  }

  private notify(n: RouteNotification): void {
    const targets = [...this.watchers];
    queueMicrotask(() => {
      for (const w of targets) w(n);
    });
  }

  /** Kernel-like checks on next hops; returns an errno or 0. */
  private checkHops(r: NormalizedRoute): { errno: number; hops: Nexthop[] } {
    const hops: Nexthop[] = [];
    for (const h of r.nexthops) {
      let link: LinkInfo | undefined;
      if (h.ifindex !== undefined || h.dev !== undefined) {
        link = this.links.find((l) => (h.ifindex !== undefined ? l.ifindex === h.ifindex : l.name === h.dev));
        if (!link && this.init.links) return { errno: Errno.ENODEV, hops };
      }
      if (h.gateway !== undefined && !h.onlink && this.init.addresses) {
        const gw = parseIp(h.gateway);
        const ok = this.addresses.some(
          (a) =>
            (link === undefined || a.ifindex === link.ifindex) &&
            sameSubnet(parseIp(a.address), gw, a.prefixLength),
        );
        if (!ok) return { errno: Errno.ENETUNREACH, hops };
      }
      hops.push(link ? { ...h, ifindex: link.ifindex, dev: link.name } : h);
    }
    return { errno: 0, hops };
  }

  private applyOne(op: RouteOp, protocol: number): RouteOpResult {
    let r: NormalizedRoute;
    try {
      r = normalizeRoute(op.route, protocol, { keyOnly: op.op === "remove" });
    } catch (e) {
      return { ok: false, op, error: e as RouteSyncError };
    }
    const fail = (errno: number): RouteOpResult => ({
      ok: false,
      op,
      error: RouteSyncError.fromErrno(errno, { op: op.op, route: formatRoute(r) }),
    });
    const key = routeKey(r);
    const old = this.routes.get(key);
    if (op.op === "remove") {
      // Like the kernel with a non-zero rtm_protocol: only a route of that protocol matches.
      if (!old || old.protocol !== r.protocol) return fail(Errno.ESRCH);
      this.routes.delete(key);
      this.notify({ type: "del", route: old });
      return { ok: true, op };
    }
    if (op.op === "add" && old) return fail(Errno.EEXIST);
    const { errno, hops } = this.checkHops(r);
    if (errno) return fail(errno);
    const stored = { ...r, nexthops: hops };
    this.routes.set(key, stored);
    this.notify({ type: "new", route: stored });
    return { ok: true, op };
  }

  /** Applies ops one by one with kernel-like checks; one result per op. */
  async applyBatch(ops: readonly RouteOp[], options: ApplyOptions = {}): Promise<RouteOpResult[]> {
    if (this.closed) throw new RouteSyncError("CLOSED", "memory backend closed");
    const protocol = options.defaultProtocol ?? this.init.protocol ?? DEFAULT_PROTOCOL;
    return ops.map((op) => this.applyOne(op, protocol));
  }

  /** Subscribes to changes (delivered in a microtask, in order). */
  async watch(listener: (n: RouteNotification) => void): Promise<() => void> {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Simulates lost notifications (a netlink overrun) for tests. */
  overrun(): void {
    this.notify({ type: "overrun" });
  }

  /** Rejects further batches. */
  close(): void {
    this.closed = true;
    this.watchers.clear();
  }
}
