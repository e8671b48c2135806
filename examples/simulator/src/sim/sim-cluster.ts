/**
 * A simulated cluster: N real `NodeAgent`s (sessions, RIB, export, block guard, route sync) in
 * this process, each with an in-memory route table (route-sync's `MemoryBackend`) and its BGP
 * sessions carried by a {@link MemoryNetwork} on a {@link VirtualClock}. Nodes can start, stop
 * (Cease to every peer), die (silence, then the process is gone) and have their links reset.
 */
import type { Socket } from "node:net";
import type { BgpSession } from "@tsbgp/bgp-fsm";
import { type AgentConfig, NodeAgent } from "@tsbgp/example-node-agent";
import { MemoryBackend } from "@tsbgp/route-sync";
import { VirtualClock } from "../clock/virtual-clock.js";
import { MemoryNetwork } from "../transport/memory-network.js";
import { simAddressKey, simBlockKey } from "./addressing.js";
import { SimDriver } from "./driver.js";
import { RouteView } from "./route-view.js";
import { buildConfigs, randomSimPort, type TopologyInit } from "./topology.js";

/** Where a node is in its life. */
export type SimNodeState = "new" | "up" | "down" | "dead";

/** One node of the simulated cluster. */
export interface SimNode {
  /** 0-based index. */
  readonly index: number;
  readonly config: AgentConfig;
  /** Address as uint32. */
  readonly addressKey: number;
  /** Block network address as uint32. */
  readonly blockKey: number;
  state: SimNodeState;
  /** The running (or last) agent. */
  agent: NodeAgent | undefined;
  /** Its route table. */
  backend: MemoryBackend | undefined;
  /** Its best routes, from the RIB change stream. */
  readonly view: RouteView;
}

/** Options of {@link SimCluster}. */
export interface SimClusterInit extends Omit<TopologyInit, "port"> {
  /** BGP port (default: {@link randomSimPort}). */
  readonly port?: number;
  /** One-way link latency, virtual ms (default 1). */
  readonly latencyMs?: number;
}

/** A simulated cluster (see the module comment). Call {@link close} when done. */
export class SimCluster {
  readonly clock = new VirtualClock();
  readonly network: MemoryNetwork;
  readonly driver: SimDriver;
  readonly nodes: readonly SimNode[];
  private readonly byBlock = new Map<number, SimNode>();
  private dirty = true;
  private lastCheck = false;

  /** Builds the configs and installs the virtual clock (nothing runs until {@link start}). */
  constructor(readonly init: SimClusterInit) {
    const port = init.port ?? randomSimPort();
    this.network = new MemoryNetwork({
      clock: this.clock,
      port,
      ...(init.latencyMs === undefined ? {} : { latencyMs: init.latencyMs }),
    });
    this.driver = new SimDriver(this.clock, this.network);
    const ownerOf = (block: number) => this.byBlock.get(block)?.addressKey;
    this.nodes = buildConfigs({ ...init, port }).map((config, index) => ({
      index,
      config,
      addressKey: simAddressKey(index + 1),
      blockKey: simBlockKey(index + 1),
      state: "new",
      agent: undefined,
      backend: undefined,
      view: new RouteView(ownerOf),
    }));
    for (const n of this.nodes) this.byBlock.set(n.blockKey, n);
    this.clock.install();
  }

  /** Nodes that are up. */
  get upNodes(): SimNode[] {
    return this.nodes.filter((n) => n.state === "up");
  }

  /** Starts node `i` with a fresh agent and an empty route table (a new node, not a restart). */
  async start(i: number): Promise<void> {
    const node = this.nodes[i]!;
    const address = node.config.nodeAddress;
    const backend = new MemoryBackend();
    const agent = new NodeAgent(node.config, { backend, connect: this.network.connector(address) });
    node.view.clear();
    agent.rib.onChange((batch) => {
      node.view.apply(batch);
      this.dirty = true;
    });
    const sessions = new Map<string, BgpSession>();
    await agent.start(); // the agent adds its sessions in start()
    for (const link of agent.peers) sessions.set(link.config.address, link.session);
    this.network.listen(address, (from, socket: Socket) => {
      const s = sessions.get(from);
      if (s === undefined) {
        socket.destroy();
        return false;
      }
      return s.acceptConnection(socket);
    });
    node.agent = agent;
    node.backend = backend;
    node.state = "up";
    this.dirty = true;
  }

  /** Starts every node in `indexes` at the same virtual instant. */
  async startAll(indexes: readonly number[] = this.nodes.map((n) => n.index)): Promise<void> {
    await Promise.all(indexes.map((i) => this.start(i)));
  }

  /** Stops node `i` cleanly: Cease to every peer, its routes withdrawn (RFC 4486 §4). */
  async stop(i: number): Promise<void> {
    const node = this.nodes[i]!;
    this.network.unlisten(node.config.nodeAddress);
    node.state = "down";
    this.dirty = true;
    if (node.agent) await this.driver.drive(node.agent.stop("simulated node leaves"));
    node.agent = undefined;
    node.view.clear();
  }

  /**
   * Node `i` dies: from now on nothing it sends arrives and nothing reaches it, as when a
   * machine loses power; its peers notice only when their hold timers expire.
   */
  async kill(i: number): Promise<void> {
    const node = this.nodes[i]!;
    const address = node.config.nodeAddress;
    this.network.silence(address);
    this.network.unlisten(address);
    node.state = "dead";
    this.dirty = true;
    // Release its resources; the Cease it tries to send goes nowhere.
    if (node.agent) await this.driver.drive(node.agent.stop("simulated crash"));
    node.agent = undefined;
    node.view.clear();
  }

  /** Resets every connection of node `i` (a flapping link: both ends see a reset). */
  resetLinks(i: number): number {
    return this.network.resetLinks(this.nodes[i]!.config.nodeAddress);
  }

  /**
   * True when every node that is up holds a route to every other up node's block with that
   * node as next hop, and no route to a block whose owner is not up.
   */
  converged(): boolean {
    if (!this.dirty) return this.lastCheck;
    this.dirty = false;
    this.lastCheck = this.missingRoutes(true) === 0;
    return this.lastCheck;
  }

  /** Up node → other up node's block routes that are missing or not via the owner. */
  lostRoutes(): number {
    const up = this.upNodes;
    let lost = 0;
    for (const u of up) {
      for (const v of up) if (v !== u && u.view.routes.get(v.blockKey) !== v.addressKey) lost++;
    }
    return lost;
  }

  /**
   * Routes that should be there and are not (up node → up node's block via the owner), plus
   * routes that should not (to a node that is not up). `quick` stops at the first.
   */
  missingRoutes(quick = false): number {
    const up = this.upNodes;
    let missing = 0;
    for (const u of up) {
      if (quick && u.view.routes.size !== up.length - 1) return 1;
      for (const v of up) {
        if (v === u) continue;
        if (u.view.routes.get(v.blockKey) !== v.addressKey) {
          missing++;
          if (quick) return missing;
        }
      }
      for (const b of u.view.routes.keys()) {
        if (this.byBlock.get(b)?.state !== "up") {
          missing++;
          if (quick) return missing;
        }
      }
    }
    return missing;
  }

  /** Established sessions (each counted once) and the most any one node has. */
  sessions(): { total: number; peakPerNode: number } {
    let ends = 0;
    let peak = 0;
    for (const n of this.upNodes) {
      let mine = 0;
      for (const l of n.agent!.peers) if (l.session.state === "Established") mine++;
      ends += mine;
      peak = Math.max(peak, mine);
    }
    return { total: ends / 2, peakPerNode: peak };
  }

  /** Stops every agent still running and restores the real timers. */
  async close(): Promise<void> {
    try {
      for (const n of this.nodes) if (n.state === "up") n.state = "down";
      const running = this.nodes.flatMap((n) => (n.agent ? [n.agent.stop("simulation ends")] : []));
      for (const n of this.nodes) n.agent = undefined;
      await this.driver.drive(Promise.all(running), 600_000);
    } finally {
      this.clock.uninstall();
    }
  }
}
