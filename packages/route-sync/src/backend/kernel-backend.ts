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
import {
  type DecodedRoute,
  decodeRoute,
  encodeDelRoute,
  encodeNewRoute,
  encodeRouteDump,
} from "../codec/route-codec.js";
import { RouteSyncError } from "../errors.js";
import type { Nexthop, NormalizedRoute, RouteOp, RouteOpResult } from "../model/kernel-route.js";
import { formatRoute, normalizeRoute } from "../model/route-key.js";
import { NlmFlags, RtmType, RtnlGroup } from "../netlink/constants.js";
import { type AckMode, type BatchItem, RtnlClient } from "../netlink/rtnl-client.js";
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
import { routeMatcher } from "./filter.js";

/** Options of {@link openKernelBackend}. */
export interface KernelBackendInit {
  /** Protocol for routes that do not set one. Default {@link DEFAULT_PROTOCOL}. */
  readonly protocol?: number;
  /** Socket factory; default the native `netlink` socket. Tests inject fakes. */
  readonly transport?: TransportFactory;
  /**
   * Socket factory of the watch (notification) socket. Default: with the native transport, a
   * child process that owns the socket (`forkedWatchTransport`), otherwise `transport`.
   */
  readonly watchTransport?: TransportFactory;
  /** Messages per datagram. Default 256. */
  readonly chunkSize?: number;
  /** Acknowledgement mode of batches. Default `errors` (ACK only closes a chunk; failures always answer). */
  readonly ackMode?: AckMode;
  /** Max unanswered messages; default from the receive buffer. */
  readonly window?: number;
  /**
   * Batches larger than this leave the watch groups while they run and then report an
   * `overrun` to watchers (who resync). Their echoes would overflow the watch socket's receive
   * buffer, and the `netlink` package aborts the process on a receive overrun. Default 2000,
   * lowered to what the watch socket's receive buffer holds.
   */
  readonly watchPauseThreshold?: number;
}

const ENODEV = 19;

/** The kernel backend. Create with {@link openKernelBackend}. */
export class KernelBackend implements RouteBackend {
  private links = new Map<string, LinkInfo>();
  private linksByIndex = new Map<number, LinkInfo>();
  private readonly watchers = new Set<(n: RouteNotification) => void>();
  private watchClient: RtnlClient | undefined;

  /** @internal use {@link openKernelBackend}. */
  constructor(
    private readonly client: RtnlClient,
    private readonly init: KernelBackendInit,
    private readonly watchFactory: TransportFactory,
  ) {}

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
    const { scope: _scope, ...route } = r;
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

  /** Validates, resolves devices, then sends every valid op in one pipelined batch. */
  async applyBatch(ops: readonly RouteOp[], options: ApplyOptions = {}): Promise<RouteOpResult[]> {
    const protocol = options.defaultProtocol ?? this.protocol;
    const results: (RouteOpResult | undefined)[] = new Array(ops.length);
    const items: BatchItem[] = [];
    const sent: number[] = [];
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      try {
        const n = normalizeRoute(op.route, protocol, { keyOnly: op.op === "remove" });
        const r = n.nexthops.some((h) => h.ifindex === undefined && h.dev !== undefined)
          ? await this.resolve(n)
          : n;
        items.push(itemFor(op.op, r));
        sent.push(i);
      } catch (e) {
        results[i] = { ok: false, op, error: asError(e, op) };
      }
    }
    if (items.length > 0) {
      let errnos: Int32Array;
      // A notification costs up to ~1 KiB of the watch socket's buffer; budget 2 KiB each.
      const fits = this.watchClient ? Math.floor(this.watchClient.recvBufferSize() / 2048) : 0;
      const pause =
        this.watchClient !== undefined &&
        items.length > Math.min(fits, this.init.watchPauseThreshold ?? 2000);
      const watcher = pause ? this.watchClient : undefined;
      await watcher?.pauseGroups();
      try {
        errnos = await this.client.batch(items);
      } catch (e) {
        // The whole batch failed in transit (overrun, timeout): nothing is known; report every op.
        for (const i of sent) results[i] = { ok: false, op: ops[i]!, error: asError(e, ops[i]!) };
        return results as RouteOpResult[];
      } finally {
        if (watcher && this.watchClient === watcher) {
          await watcher.resumeGroups();
          // Changes made meanwhile (ours and anyone else's) were not seen: watchers must resync.
          for (const w of this.watchers) w({ type: "overrun" });
        }
      }
      sent.forEach((i, k) => {
        const op = ops[i]!;
        const errno = errnos[k]!;
        results[i] =
          errno === 0
            ? { ok: true, op }
            : {
                ok: false,
                op,
                error: RouteSyncError.fromErrno(errno, { op: op.op, route: formatRoute(op.route) }),
              };
      });
    }
    return results as RouteOpResult[];
  }

  /** Joins the IPv4/IPv6 route groups on the watch socket (opened on first use). */
  async watch(listener: (n: RouteNotification) => void): Promise<() => void> {
    this.watchers.add(listener);
    if (!this.watchClient) {
      await this.listLinks();
      this.watchClient = await RtnlClient.open(this.watchFactory, {
        groups: [RtnlGroup.IPV4_ROUTE, RtnlGroup.IPV6_ROUTE],
        onNotification: (m) => {
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
    this.watchClient?.close();
    this.watchClient = undefined;
    this.watchers.clear();
    this.client.close();
  }
}

function itemFor(op: RouteOp["op"], r: NormalizedRoute): BatchItem {
  switch (op) {
    case "add":
      return (w, seq, ack) => encodeNewRoute(w, r, NlmFlags.CREATE | NlmFlags.EXCL | ack, seq);
    case "replace":
      return (w, seq, ack) => encodeNewRoute(w, r, NlmFlags.CREATE | NlmFlags.REPLACE | ack, seq);
    case "remove":
      return (w, seq, ack) => encodeDelRoute(w, r, ack, seq);
    default: {
      const never: never = op;
      throw new RouteSyncError("INVALID_ROUTE", `unknown op ${String(never)}`);
    }
  }
}

function asError(e: unknown, op: RouteOp): RouteSyncError {
  if (e instanceof RouteSyncError) return e;
  return new RouteSyncError("INVALID_ROUTE", `${op.op} ${formatRoute(op.route)}: ${String(e)}`, { cause: e });
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
  return backend;
}
