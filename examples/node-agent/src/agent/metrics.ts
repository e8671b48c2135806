/**
 * Prometheus metrics (prom-client) in a registry of the agent's own, so several agents in one
 * process (the in-process demo) do not collide.
 */
import { Counter, Gauge, Registry } from "prom-client";

/** Every session state a peer can be in (RFC 4271 §8.2.2), one gauge series each. */
export const SESSION_STATES = [
  "Idle",
  "Connect",
  "Active",
  "OpenSent",
  "OpenConfirm",
  "Established",
] as const;

/** The agent's metrics. */
export class AgentMetrics {
  /** The registry to expose on `/metrics`. */
  readonly registry = new Registry();
  /** 1 for the peer's current state, 0 for the others. */
  readonly sessionState: Gauge<"peer" | "state">;
  /** Routes accepted from the peer (Adj-RIB-In after policy). */
  readonly routesReceived: Gauge<"peer">;
  /** Routes advertised to the peer. */
  readonly routesAdvertised: Gauge<"peer">;
  /** UPDATE messages received. */
  readonly updatesReceived: Counter<"peer">;
  /** UPDATE messages sent. */
  readonly updatesSent: Counter<"peer">;
  /** Kernel route operations by result (`added`, `replaced`, `removed`, `failed`, `conflict`). */
  readonly kernelSync: Counter<"result">;
  /** Announcements of a block owned by another node (rejected). */
  readonly blockConflicts: Counter<"peer" | "prefix">;

  /** Called before each scrape to refresh the per-peer route gauges. */
  refresh: () => void = () => {};

  /** Creates the metrics with `node` as a default label. */
  constructor(node: string) {
    this.registry.setDefaultLabels({ node });
    const registers = [this.registry];
    this.sessionState = new Gauge({
      name: "tsbgp_agent_bgp_session_state",
      help: "BGP session state per peer (1 = current state)",
      labelNames: ["peer", "state"],
      registers,
    });
    this.routesReceived = new Gauge({
      name: "tsbgp_agent_routes_received",
      help: "Routes accepted from the peer",
      labelNames: ["peer"],
      registers,
      collect: () => this.refresh(),
    });
    this.routesAdvertised = new Gauge({
      name: "tsbgp_agent_routes_advertised",
      help: "Routes advertised to the peer",
      labelNames: ["peer"],
      registers,
    });
    this.updatesReceived = new Counter({
      name: "tsbgp_agent_updates_received_total",
      help: "UPDATE messages received",
      labelNames: ["peer"],
      registers,
    });
    this.updatesSent = new Counter({
      name: "tsbgp_agent_updates_sent_total",
      help: "UPDATE messages sent",
      labelNames: ["peer"],
      registers,
    });
    this.kernelSync = new Counter({
      name: "tsbgp_agent_kernel_sync_total",
      help: "Kernel route operations by result",
      labelNames: ["result"],
      registers,
    });
    this.blockConflicts = new Counter({
      name: "tsbgp_agent_block_conflicts_total",
      help: "Announcements of a container block owned by another node (rejected)",
      labelNames: ["peer", "prefix"],
      registers,
    });
  }

  /** Set the state gauges of `peer`. */
  setState(peer: string, state: string): void {
    for (const s of SESSION_STATES) this.sessionState.set({ peer, state: s }, s === state ? 1 : 0);
  }
}
