/**
 * {@link RouteBackend} for the Linux kernel: our rtnetlink codec over the native netlink socket.
 * @module
 */
import {
  decodeAddress,
  decodeLink,
  encodeAddrDump,
  encodeLinkDump,
  type LinkInfo,
} from "../codec/link-codec.js";
import { type DecodedRoute, decodeRoute, encodeRouteDump } from "../codec/route-codec.js";
import { decodeNexthop } from "../codec/nexthop-codec.js";
import { RouteSyncError } from "../errors.js";
import type { Nexthop, NormalizedRoute, RouteOp, RouteOpResult } from "../model/kernel-route.js";
import { formatRoute, normalizeRoute } from "../model/route-key.js";
import { RtmType, RtnlGroup } from "../netlink/constants.js";
import { RtnlClient } from "../netlink/rtnl-client.js";
import { forkedWatchTransport } from "../transport/forked-transport.js";
import { nativeTransport } from "../transport/native-transport.js";
import type { TransportFactory } from "../transport/transport.js";
import {
  type ApplyOptions,
  DEFAULT_PROTOCOL,
  type RouteBackend,
  type RouteFilter,
  type RouteNotification,
} from "./backend.js";
import { asError, writeOp } from "./batch-op.js";
import { routeMatcher } from "./filter.js";
import type { KernelBackendInit } from "./kernel-backend-init.js";
import { NexthopTable } from "./nexthop-table.js";

const ENODEV = 19;
const EEXIST = 17;

/** The kernel backend. Create with {@link openKernelBackend}. */
export class KernelBackend implements RouteBackend {
  private links = new Map<string, LinkInfo>();
  private linksByIndex = new Map<number, LinkInfo>();
  private readonly watchers = new Set<(n: RouteNotification) => void>();
  private watchClient: RtnlClient | undefined;
  private readonly nexthops: NexthopTable;
  /** Batches and nexthop sweeps run one at a time (a sweep must not race a batch's new routes). */
  private lock: Promise<unknown> = Promise.resolve();
  private gcTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal use {@link openKernelBackend}. */
  constructor(
    private readonly client: RtnlClient,
    private readonly init: KernelBackendInit,
    private readonly watchFactory: TransportFactory,
  ) {
    this.nexthops = new NexthopTable(client, this.protocol, init.nexthopIdBase);
    if (init.nexthopObjects === false) this.nexthops.disabled = true;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.lock.then(task, task);
    this.lock = next.catch(() => {});
    return next;
  }

  /** @internal Reads the existing nexthop objects (ours from an earlier run are reused). */
  async loadNexthops(): Promise<void> {
    if (this.nexthops.disabled) return;
    await this.exclusive(() => this.nexthops.load()).catch(() => {});
  }

  /** Whether routes currently go out through nexthop objects (false once the kernel refused them). */
  get usesNexthopObjects(): boolean {
    return !this.nexthops.disabled;
  }

  /** Protocol given to routes without one. */
  get protocol(): number {
    return this.init.protocol ?? DEFAULT_PROTOCOL;
  }

  /** Dumps the interfaces (RTM_GETLINK) and refreshes the name/index cache. */
  async listLinks(): Promise<LinkInfo[]> {
    const msgs = await this.client.dump(encodeLinkDump);
    const links = msgs.filter((m) => m.type === RtmType.NEWLINK).map(decodeLink);
    this.links = new Map(links.map((l) => [l.name, l]));
    this.linksByIndex = new Map(links.map((l) => [l.ifindex, l]));
    return links;
  }

  /** Dumps the interface addresses (RTM_GETADDR), both families. */
  async listAddresses() {
    const msgs = await this.client.dump(encodeAddrDump);
    return msgs.flatMap((m) => {
      const a = m.type === RtmType.NEWADDR ? decodeAddress(m) : undefined;
      return a ? [a] : [];
    });
  }

  private named(r: DecodedRoute): NormalizedRoute {
    const { scope: _scope, ...decoded } = r;
    let route: NormalizedRoute = decoded;
    // With net.ipv4.nexthop_compat_mode=0 the kernel reports only the object's id.
    if (route.nexthopId !== undefined && route.nexthops.length === 0 && route.kind === "unicast") {
      const hops = this.nexthops.describe(route.nexthopId);
      if (hops) route = { ...route, nexthops: hops };
    }
    if (!route.nexthops.some((h) => h.ifindex !== undefined)) return route;
    const nexthops = route.nexthops.map((h): Nexthop => {
      const dev = h.ifindex === undefined ? undefined : this.linksByIndex.get(h.ifindex)?.name;
      return dev === undefined ? h : { ...h, dev };
    });
    return { ...route, nexthops };
  }

  /** Dumps every table of both families (RTM_GETROUTE) and keeps the routes matching `filter`. */
  async listRoutes(filter?: RouteFilter): Promise<NormalizedRoute[]> {
    await this.listLinks();
    // Also re-read the nexthop objects: a full look at the kernel (start, resync) must see an
    // object someone changed or deleted, or our cache would keep routes pointing at it.
    // Without them (an old kernel, a failed dump) routes still list, only compat-off ids stay bare.
    await this.exclusive(() => this.nexthops.load()).catch(() => {});
    const family = filter?.family ?? 0;
    const msgs = await this.client.dump((w, seq) => encodeRouteDump(w, family, seq));
    const match = routeMatcher(filter);
    const out: NormalizedRoute[] = [];
    for (const m of msgs) {
      if (m.type !== RtmType.NEWROUTE) continue;
      const r = decodeRoute(m);
      if (r && match(r)) out.push(this.named(r));
    }
    return out;
  }

  /** Resolves device names to indexes; unknown names fail the op with ENODEV before sending. */
  private async resolve(route: NormalizedRoute): Promise<NormalizedRoute> {
    if (!route.nexthops.some((h) => h.ifindex === undefined && h.dev !== undefined)) return route;
    const lookup = (): Nexthop[] | undefined => {
      const hops: Nexthop[] = [];
      for (const h of route.nexthops) {
        if (h.ifindex !== undefined || h.dev === undefined) hops.push(h);
        else {
          const l = this.links.get(h.dev);
          if (!l) return undefined;
          hops.push({ ...h, ifindex: l.ifindex });
        }
      }
      return hops;
    };
    let hops = lookup();
    if (!hops) {
      await this.listLinks(); // a device may have appeared since the last look
      hops = lookup();
    }
    if (!hops) {
      const missing = route.nexthops.find((h) => h.dev !== undefined && !this.links.has(h.dev))?.dev;
      throw new RouteSyncError("KERNEL", `${formatRoute(route)}: ENODEV (no such device ${missing})`, {
        errno: ENODEV,
        route: formatRoute(route),
      });
    }
    return { ...route, nexthops: hops };
  }

  /**
   * Validates, resolves devices, creates the nexthop objects the routes need, then sends every
   * valid op in one pipelined batch.
   */
  applyBatch(ops: readonly RouteOp[], options: ApplyOptions = {}): Promise<RouteOpResult[]> {
    return this.exclusive(() => this.applyNow(ops, options));
  }

  private async applyNow(ops: readonly RouteOp[], options: ApplyOptions): Promise<RouteOpResult[]> {
    const protocol = options.defaultProtocol ?? this.protocol;
    const results: (RouteOpResult | undefined)[] = new Array(ops.length);
    const routes: NormalizedRoute[] = [];
    const kinds: RouteOp["op"][] = [];
    const sent: number[] = [];
    let anyNew = false;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      try {
        const n = normalizeRoute(op.route, protocol, { keyOnly: op.op === "remove" });
        const r = n.nexthops.some((h) => h.ifindex === undefined && h.dev !== undefined)
          ? await this.resolve(n)
          : n;
        routes.push(r);
        kinds.push(op.op);
        sent.push(i);
        if (op.op !== "remove") anyNew = true;
      } catch (e) {
        results[i] = { ok: false, op, error: asError(e, op) };
      }
    }
    if (routes.length > 0) {
      let errnos: Int32Array;
      const watcher = this.suppressesEchoes(routes.length) ? this.watchClient : undefined;
      await watcher?.pauseGroups();
      try {
        const nhIds = anyNew ? await this.nexthopIds(kinds, routes) : undefined;
        errnos = await this.client.batchOf(routes.length, (k, w, seq, ack) =>
          writeOp(w, kinds[k]!, routes[k]!, seq, ack, nhIds ? nhIds[k]! : 0),
        );
        if (nhIds) await this.retryPlain(kinds, routes, nhIds, errnos);
      } catch (e) {
        // The whole batch failed in transit (overrun, timeout): nothing is known; report every op.
        for (const i of sent) results[i] = { ok: false, op: ops[i]!, error: asError(e, ops[i]!) };
        return results as RouteOpResult[];
      } finally {
        if (watcher && this.watchClient === watcher) {
          await watcher.resumeGroups();
          this.nexthops.forgetEchoes(); // objects made while paused sent no notice
          // Changes made meanwhile (ours and anyone else's) were not seen: watchers must resync.
          for (const w of this.watchers) w({ type: "overrun" });
        }
      }
      let released = false;
      sent.forEach((i, k) => {
        const op = ops[i]!;
        const errno = errnos[k]!;
        if (errno === 0 && op.op !== "add") released = true;
        results[i] =
          errno === 0
            ? { ok: true, op }
            : {
                ok: false,
                op,
                error: RouteSyncError.fromErrno(errno, { op: op.op, route: formatRoute(op.route) }),
              };
      });
      if (released) this.scheduleNexthopGc();
      // Nobody watches: no creation notice will come to consume what create() expects.
      if (!this.watchClient) this.nexthops.forgetEchoes();
    }
    return results as RouteOpResult[];
  }

  /**
   * Whether a batch of `count` ops leaves the watch groups while it runs (then reports an
   * `overrun` to watchers): above `watchPauseThreshold`, or above what the watch socket's receive
   * buffer holds at 2 KiB per notification (one costs up to ~1 KiB of skb).
   */
  suppressesEchoes(count: number): boolean {
    if (!this.watchClient) return false;
    const fits = Math.floor(this.watchClient.recvBufferSize() / 2048);
    return count > Math.min(fits, this.init.watchPauseThreshold ?? 2000);
  }

  /** Nexthop object ids for the add/replace ops (0 = plain); undefined when objects are off. */
  private async nexthopIds(
    kinds: readonly RouteOp["op"][],
    routes: readonly NormalizedRoute[],
  ): Promise<Uint32Array | undefined> {
    if (this.nexthops.disabled) return undefined;
    try {
      return await this.nexthops.assign(routes, kinds);
    } catch {
      // Could not read or make the objects (e.g. a timeout): plain routes still work.
      this.nexthops.reset();
      return undefined;
    }
  }

  /**
   * A route sent with a nexthop id that failed for another reason than EEXIST (typically EINVAL:
   * the object was deleted behind our back) is sent once more as a plain route, so it ends
   * up installed or with the kernel's own per-route error; the object cache is re-read.
   */
  private async retryPlain(
    kinds: readonly RouteOp["op"][],
    routes: readonly NormalizedRoute[],
    nhIds: Uint32Array,
    errnos: Int32Array,
  ): Promise<void> {
    const again: number[] = [];
    for (let k = 0; k < routes.length; k++) {
      if (nhIds[k] !== 0 && errnos[k] !== 0 && errnos[k] !== EEXIST) again.push(k);
    }
    if (again.length === 0) return;
    this.nexthops.reset();
    const second = await this.client.batchOf(again.length, (j, w, seq, ack) =>
      writeOp(w, kinds[again[j]!]!, routes[again[j]!]!, seq, ack, 0),
    );
    again.forEach((k, j) => {
      errnos[k] = second[j]!;
    });
  }

  private scheduleNexthopGc(): void {
    if (this.gcTimer || this.nexthops.size === 0) return;
    this.gcTimer = setTimeout(() => {
      this.gcTimer = undefined;
      this.collectNexthops().catch(() => {});
    }, this.init.nexthopGcIntervalMs ?? 30_000);
    this.gcTimer.unref?.();
  }

  /**
   * Deletes our nexthop objects that no route uses any more (checked against a full route dump)
   * and returns how many. Runs by itself after removals; call it to do it at once.
   */
  collectNexthops(): Promise<number> {
    return this.exclusive(() => this.nexthops.collect());
  }

  /** Same as {@link collectNexthops}: the optional {@link RouteBackend} hook. */
  collectUnused(): Promise<number> {
    return this.collectNexthops();
  }

  /** Joins the IPv4/IPv6 route groups on the watch socket (opened on first use). */
  async watch(listener: (n: RouteNotification) => void): Promise<() => void> {
    this.watchers.add(listener);
    if (!this.watchClient) {
      this.nexthops.forgetEchoes(); // notices of objects made before the watch never come
      await this.listLinks();
      this.watchClient = await RtnlClient.open(this.watchFactory, {
        groups: [RtnlGroup.IPV4_ROUTE, RtnlGroup.IPV6_ROUTE, RtnlGroup.NEXTHOP],
        onNotification: (m) => {
          if (m.type === RtmType.DELNEXTHOP || m.type === RtmType.NEWNEXTHOP) {
            // Someone deleted or replaced one of our objects: the kernel drops or reroutes every
            // route using it without a route notification each. Re-read the objects and resync.
            const nh = decodeNexthop(m);
            if (nh && this.nexthops.tampered(nh.id, m.type === RtmType.DELNEXTHOP)) {
              this.nexthops.reset();
              for (const w of this.watchers) w({ type: "overrun" });
            }
            return;
          }
          if (m.type !== RtmType.NEWROUTE && m.type !== RtmType.DELROUTE) return;
          const r = decodeRoute(m);
          if (!r) return;
          const n: RouteNotification = {
            type: m.type === RtmType.NEWROUTE ? "new" : "del",
            route: this.named(r),
          };
          for (const w of this.watchers) w(n);
        },
        onError: (e) => {
          if (e.errnoName !== "ENOBUFS") return;
          for (const w of this.watchers) w({ type: "overrun" });
        },
      });
    }
    return () => {
      this.watchers.delete(listener);
      if (this.watchers.size === 0 && this.watchClient) {
        this.watchClient.close();
        this.watchClient = undefined;
      }
    };
  }

  /** Closes both sockets (and the watch child). Routes stay in the kernel. */
  close(): void {
    if (this.gcTimer) clearTimeout(this.gcTimer);
    this.gcTimer = undefined;
    this.watchClient?.close();
    this.watchClient = undefined;
    this.watchers.clear();
    this.client.close();
  }
}

/**
 * Opens the kernel backend (Linux). Rejects with `RouteSyncError` UNSUPPORTED when the native
 * netlink socket cannot be loaded on this platform.
 */
export async function openKernelBackend(init: KernelBackendInit = {}): Promise<KernelBackend> {
  const factory = init.transport ?? nativeTransport();
  const watchFactory = init.watchTransport ?? (init.transport ? init.transport : forkedWatchTransport());
  const clientInit = {
    ...(init.chunkSize !== undefined && { chunkSize: init.chunkSize }),
    ...(init.ackMode !== undefined && { ackMode: init.ackMode }),
    ...(init.window !== undefined && { window: init.window }),
  };
  const client = await RtnlClient.open(factory, clientInit);
  const backend = new KernelBackend(client, init, watchFactory);
  await backend.listLinks();
  await backend.loadNexthops();
  return backend;
}
