/**
 * One configured peer wired end to end: its BGP session (bgp-fsm), its RIB peer (rib) and the
 * export group it belongs to. Session events drive the RIB: UPDATEs in, stale marking and
 * sweeping for graceful restart (RFC 4724 §4.2), and the initial dump plus End-of-RIB out.
 */
import type { BgpSession } from "@tsbgp/bgp-fsm";
import type { FamilyKey, UpdateMessage } from "@tsbgp/bgp-wire";
import { type AdjRibOut, type Peer, type Policy, parseAddressText, type Rib } from "@tsbgp/rib";
import type { AgentPeer } from "../config/types.js";
import type { AgentLogger } from "./logger.js";
import type { AgentMetrics } from "./metrics.js";

/** What a {@link PeerLink} needs from its agent. */
export interface PeerLinkContext {
  readonly rib: Rib;
  readonly logger: AgentLogger;
  readonly metrics: AgentMetrics;
  readonly importPolicy: Policy;
  /** Called after the RIB changed because of this peer (e.g. to flush exports at once). */
  readonly onEndOfRib: (link: PeerLink, family: FamilyKey) => void;
}

const afiOf = (family: FamilyKey): 1 | 2 => (family.startsWith("2/") ? 2 : 1);

/** A peer's session, RIB peer and export group. */
export class PeerLink {
  /** The RIB's view of the peer while it has routes (or an Established session). */
  ribPeer: Peer | undefined;
  /** When the state last changed. */
  since = new Date();
  /** The last reason the session went down, for `status`. */
  lastError = "";
  /** Families the peer sent End-of-RIB for since it last came up. */
  readonly endOfRib = new Set<FamilyKey>();
  /** Times the session reached Established. */
  establishedCount = 0;

  /** Wires `session` to the RIB and `group`. */
  constructor(
    readonly config: AgentPeer,
    readonly session: BgpSession,
    readonly group: AdjRibOut,
    readonly family: FamilyKey,
    private readonly ctx: PeerLinkContext,
  ) {
    const { logger, metrics } = ctx;
    const name = config.name;
    metrics.setState(config.address, session.state);
    session.on("state:change", (from, to) => {
      this.since = new Date();
      metrics.setState(config.address, to);
      logger.info({ peer: name, address: config.address, from, to }, "bgp session state");
    });
    session.on("session:established", (neg) => this.established(neg.peerAs, neg.peerBgpId));
    session.on("session:down", (reason) => {
      this.lastError = reason.message;
      this.endOfRib.clear();
      if (this.ribPeer) group.removeMember(this.ribPeer);
      logger.warn({ peer: name, reason: reason.message }, "bgp session down");
    });
    session.on("update:received", (msg) => this.update(msg));
    session.on("end-of-rib:received", (family) => {
      this.endOfRib.add(family);
      ctx.onEndOfRib(this, family);
    });
    session.on("routes:flush", () => {
      if (!this.ribPeer) return;
      const n = ctx.rib.removePeer(this.ribPeer);
      this.ribPeer = undefined;
      logger.info({ peer: name, routes: n }, "peer routes withdrawn");
    });
    session.on("routes:stale", (families, restartTime) => {
      if (!this.ribPeer) return;
      let n = 0;
      for (const f of families) n += ctx.rib.markStale(this.ribPeer, afiOf(f));
      logger.info({ peer: name, routes: n, restartTime }, "graceful restart: peer routes kept as stale");
    });
    session.on("routes:purge-stale", (family) => {
      if (!this.ribPeer) return;
      const n = ctx.rib.sweepStale(this.ribPeer, afiOf(family));
      if (n > 0) logger.info({ peer: name, routes: n, family }, "graceful restart: stale routes removed");
    });
    session.on("notification:received", (n) => {
      logger.info({ peer: name, code: n.code, subcode: n.subcode }, "notification received");
    });
    session.on("session:error", (err) => logger.debug({ peer: name, err: err.message }, "session error"));
  }

  private established(peerAs: number, peerBgpId: number): void {
    const { rib, logger } = this.ctx;
    this.establishedCount++;
    this.lastError = "";
    if (this.ribPeer && this.ribPeer.routerId !== peerBgpId >>> 0) {
      // A different router behind the same address: its old routes are not its own.
      rib.removePeer(this.ribPeer);
      this.ribPeer = undefined;
    }
    this.ribPeer ??= rib.addPeer({
      address: parseAddressText(this.config.address)!,
      asn: peerAs,
      routerId: peerBgpId,
      name: this.config.name,
      rrClient: this.config.rrClient,
      importPolicy: this.ctx.importPolicy,
    });
    const dump = this.group.addMember(this.ribPeer);
    this.sendAll(dump);
    // RFC 4724 §2: End-of-RIB after the initial table, even when graceful restart is off.
    this.session.sendEndOfRib(this.family);
    logger.info({ peer: this.config.name, sent: dump.length }, "bgp session established");
  }

  private update(msg: UpdateMessage): void {
    this.ctx.metrics.updatesReceived.inc({ peer: this.config.address });
    if (!this.ribPeer) return;
    this.ctx.rib.applyUpdate(this.ribPeer, msg);
  }

  /** Sends UPDATEs on the Established session (small tables: no backpressure wait needed). */
  sendAll(msgs: readonly UpdateMessage[]): void {
    if (this.session.state !== "Established") return;
    for (const m of msgs) this.session.send(m);
    if (msgs.length > 0) this.ctx.metrics.updatesSent.inc({ peer: this.config.address }, msgs.length);
  }

  /** Routes accepted from the peer. */
  routesIn(): number {
    if (!this.ribPeer) return 0;
    let n = 0;
    for (const _ of this.ctx.rib.adjRibIn(this.ribPeer, "post")) n++;
    return n;
  }
}
