/**
 * The node agent: BGP sessions (bgp-fsm) + RIB with decision, reflection and export (rib) +
 * kernel routes (route-sync), assembled into the program that runs on each node.
 */
import { type BgpSessionComponents, BgpSpeaker, type PeerConfig } from "@tsbgp/bgp-fsm";
import { type FamilyKey, parsePrefix } from "@tsbgp/bgp-wire";
import {
  AdjRibOut,
  parseIpv4Text,
  parseIpv6Text,
  PeerKind,
  type Policy,
  type RouteChange,
  Rib,
} from "@tsbgp/rib";
import { type RouteBackend, RouteSync, type SyncReport } from "@tsbgp/route-sync";
import type { AgentConfig, AgentPeer } from "../config/types.js";
import { type BlockConflict, type BlockOwner, blockGuard } from "./block-guard.js";
import { desiredChanges } from "./kernel-routes.js";
import { type AgentLogger, silentLogger } from "./logger.js";
import { AgentMetrics } from "./metrics.js";
import { PeerLink } from "./peer-link.js";
import { type PeerStatus, peerType } from "./status.js";

/** Injected parts of a {@link NodeAgent}. */
export interface NodeAgentComponents {
  /** Kernel (`openKernelBackend()`) or in-memory (`new MemoryBackend()`) routes. */
  readonly backend: RouteBackend;
  /** Logger (default: silent). */
  readonly logger?: AgentLogger;
  /** Socket factory for outgoing BGP connections (tests). */
  readonly connect?: BgpSessionComponents["connect"];
  /** Longest wait for peers' End-of-RIB after a graceful restart, ms (default: restart time). */
  readonly convergeTimeoutMs?: number;
}

/** Largest ECMP set: Calico programs every equal-cost next hop. */
const ECMP_PATHS = 8;

/** One node's agent. */
export class NodeAgent {
  readonly config: AgentConfig;
  readonly rib: Rib;
  readonly routeSync: RouteSync;
  readonly metrics: AgentMetrics;
  readonly logger: AgentLogger;
  /** Conflicting announcements seen (also logged and counted). */
  readonly conflicts: BlockConflict[] = [];
  private readonly speaker: BgpSpeaker;
  private readonly links: PeerLink[] = [];
  private readonly groups = new Map<string, AdjRibOut>();
  private readonly backend: RouteBackend;
  private readonly convergeTimeoutMs: number;
  private convergeTimer: ReturnType<typeof setTimeout> | undefined;
  private kernelQueue: Promise<unknown> = Promise.resolve();
  private restarting = false;
  private convergedAt: Date | undefined;
  private started = false;

  /** Builds the agent (nothing runs until {@link start}). */
  constructor(config: AgentConfig, components: NodeAgentComponents) {
    this.config = config;
    this.backend = components.backend;
    this.logger = components.logger ?? silentLogger();
    this.metrics = new AgentMetrics(config.nodeName);
    this.convergeTimeoutMs = components.convergeTimeoutMs ?? config.timers.restartTime * 1000;
    this.rib = new Rib({
      asn: config.asNumber,
      routerId: parseIpv4Text(config.routerId)!,
      ...(config.clusterId === undefined ? {} : { clusterId: parseIpv4Text(config.clusterId)! }),
      decision: { multipath: { ibgp: ECMP_PATHS, ebgp: ECMP_PATHS } },
    });
    this.routeSync = new RouteSync({
      backend: this.backend,
      protocol: config.kernel.protocol,
      gracefulRestart: config.gracefulRestart,
      resyncIntervalMs: 30_000,
    });
    this.speaker = new BgpSpeaker(
      {
        localAs: config.asNumber,
        routerId: config.routerId,
        listen: { address: config.listen.address, port: config.listen.port },
        peers: [],
      },
      components.connect === undefined ? {} : { connect: components.connect },
    );
    this.speaker.on("connection:refused", (address, port) =>
      this.logger.warn({ address, port }, "refused BGP connection from an unknown address"),
    );
    this.metrics.refresh = () => {
      for (const l of this.links) {
        this.metrics.routesReceived.set({ peer: l.config.address }, l.routesIn());
        this.metrics.routesAdvertised.set({ peer: l.config.address }, l.group.size);
      }
    };
    const importPolicy = blockGuard(this.owners(), (c) => this.reportConflict(c));
    // Groups subscribe to the RIB before our own listener, so they have seen a batch when we flush.
    for (const p of config.peers) this.group(p);
    this.rib.onChange((changes) => this.onRibChanges(changes));
    this.importPolicy = importPolicy;
  }

  private readonly importPolicy: ReturnType<typeof blockGuard>;

  /**
   * Adds one session per configured peer. Called from {@link start} once we know whether this is
   * a graceful restart, because the OPEN's Restart State bit (RFC 4724 §3) is fixed per session.
   */
  private addPeers(): void {
    for (const p of this.config.peers) {
      const family: FamilyKey = p.address.includes(":") ? "2/1" : "1/1";
      const session = this.speaker.addPeer(this.peerConfig(p, family));
      this.links.push(
        new PeerLink(p, session, this.group(p), family, {
          rib: this.rib,
          logger: this.logger,
          metrics: this.metrics,
          importPolicy: this.importPolicy,
          onEndOfRib: () => this.maybeConverged(),
        }),
      );
    }
  }

  /** Every peer link (status, tests). */
  get peers(): readonly PeerLink[] {
    return this.links;
  }

  /**
   * Starts: loads our kernel routes (kept while we converge after a restart), originates our
   * blocks, starts listening and every session.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.routeSync.start();
    this.restarting = this.config.gracefulRestart && this.routeSync.installedRoutes().length > 0;
    if (this.restarting) {
      this.logger.info(
        { routes: this.routeSync.installedRoutes().length },
        "graceful restart: keeping kernel routes until converged",
      );
    }
    this.addPeers();
    for (const b of this.config.blocks) this.rib.originate(parsePrefix(b.text), { origin: 0, asPath: [] });
    await this.speaker.start();
    this.logger.info(
      { role: this.config.role, peers: this.links.length, listen: this.config.listen },
      "node agent started",
    );
    if (!this.restarting) await this.markConverged("fresh start");
    else {
      this.convergeTimer = setTimeout(() => void this.markConverged("timeout"), this.convergeTimeoutMs);
      this.convergeTimer.unref?.();
      this.maybeConverged();
    }
  }

  /** Clean shutdown: Cease to every peer (RFC 4486 Administrative Shutdown), our kernel routes removed. */
  async stop(message = "node agent shutting down"): Promise<void> {
    clearTimeout(this.convergeTimer);
    await this.speaker.stop(message);
    await this.kernelQueue;
    await this.routeSync
      .flush()
      .catch((err: unknown) => this.logger.error({ err: String(err) }, "kernel flush failed"));
    await this.routeSync.stop();
    for (const g of this.groups.values()) g.close();
    this.logger.info("node agent stopped");
  }

  /** Per-peer status rows (`calicoctl node status`). */
  status(): PeerStatus[] {
    return this.links.map((l) => ({
      address: l.config.address,
      name: l.config.name,
      type: peerType(l.config),
      state: l.session.state,
      since: l.since,
      info: l.session.state === "Established" ? "Established" : l.lastError || l.session.state,
      routesIn: l.routesIn(),
      routesOut: l.group.size,
    }));
  }

  /** True once the agent has converged (immediately on a fresh start). */
  get converged(): boolean {
    return this.convergedAt !== undefined;
  }

  private owners(): BlockOwner[] {
    const self: BlockOwner[] = this.config.blocks.map((block) => ({
      block,
      node: this.config.nodeName,
      addresses: [this.config.nodeAddress, ...(this.config.nodeAddressV6 ? [this.config.nodeAddressV6] : [])],
    }));
    const others = this.config.cluster.flatMap((n) =>
      n.blocks.map((block) => ({
        block,
        node: n.name,
        addresses: [n.address, ...(n.addressV6 ? [n.addressV6] : [])],
      })),
    );
    return [...self, ...others];
  }

  private reportConflict(c: BlockConflict): void {
    this.conflicts.push(c);
    this.metrics.blockConflicts.inc({ peer: c.peer, prefix: c.prefix });
    this.logger.error(c, "rejected a route for a block owned by another node");
  }

  private group(p: AgentPeer): AdjRibOut {
    const afi = p.address.includes(":") ? 2 : 1;
    const kind = p.asNumber === this.config.asNumber ? PeerKind.IBGP : PeerKind.EBGP;
    const key = `${kind}|${p.rrClient}|${afi}`;
    let g = this.groups.get(key);
    if (!g) {
      // Sessions are per family (as Calico's BIRD config): keep the other family off this group.
      const onlyFamily: Policy = (r) => (r.prefix.afi === afi ? r.attrs : null);
      g = new AdjRibOut(this.rib, {
        name: key,
        kind,
        rrClient: p.rrClient,
        nextHopSelf: true,
        localAddress: {
          v4: parseIpv4Text(this.config.nodeAddress)!,
          ...(this.config.nodeAddressV6 ? { v6: parseIpv6Text(this.config.nodeAddressV6)! } : {}),
        },
        exportPolicy: onlyFamily,
      });
      this.groups.set(key, g);
    }
    return g;
  }

  private peerConfig(p: AgentPeer, family: FamilyKey): PeerConfig {
    const t = this.config.timers;
    return {
      address: p.address,
      port: this.config.listen.port,
      localAddress: p.localAddress,
      peerAs: p.asNumber,
      name: p.name,
      holdTime: t.holdTime,
      keepaliveTime: t.keepaliveTime,
      connectRetryTime: t.connectRetryTime,
      passive: p.passive,
      families: [family],
      capabilities: this.config.gracefulRestart
        ? {
            gracefulRestart: {
              restartTime: t.restartTime,
              restarting: this.restarting,
              forwardingPreserved: true,
            },
          }
        : {},
    };
  }

  private onRibChanges(changes: readonly RouteChange[]): void {
    const desired = desiredChanges(changes, { table: this.config.kernel.table });
    this.kernelQueue = this.kernelQueue
      .then(() => this.routeSync.apply(desired))
      .then((r) => this.countKernel(r))
      .catch((err: unknown) => this.logger.error({ err: String(err) }, "kernel route sync failed"));
    for (const g of this.groups.values()) {
      const batch = g.flush();
      if (batch.empty) continue;
      for (const link of this.links) {
        if (link.group === g && link.ribPeer && g.members.has(link.ribPeer))
          link.sendAll(batch.for(link.ribPeer));
      }
    }
  }

  private countKernel(r: SyncReport): void {
    const m = this.metrics.kernelSync;
    if (r.added) m.inc({ result: "added" }, r.added);
    if (r.replaced) m.inc({ result: "replaced" }, r.replaced);
    if (r.removed) m.inc({ result: "removed" }, r.removed);
    if (r.conflicts) m.inc({ result: "conflict" }, r.conflicts);
    if (r.failed.length) {
      m.inc({ result: "failed" }, r.failed.length);
      for (const f of r.failed) this.logger.error({ err: String(f.error ?? f) }, "kernel route failed");
    }
  }

  /** Restarting: converged once every Established peer has sent End-of-RIB (RFC 4724 §4.1). */
  private maybeConverged(): void {
    if (!this.restarting || this.convergedAt) return;
    const up = this.links.filter((l) => l.session.state === "Established");
    if (up.length === 0 || up.length < this.links.length) return;
    if (up.every((l) => l.endOfRib.has(l.family))) void this.markConverged("end-of-rib from every peer");
  }

  private async markConverged(why: string): Promise<void> {
    if (this.convergedAt) return;
    this.convergedAt = new Date();
    clearTimeout(this.convergeTimer);
    await this.kernelQueue;
    const r = await this.routeSync.converged();
    this.countKernel(r);
    this.logger.info({ why, removed: r.removed }, "converged: stale kernel routes released");
  }
}
