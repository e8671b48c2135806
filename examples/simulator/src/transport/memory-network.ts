/**
 * The in-memory network the simulated nodes share: one address per node, point-to-point
 * connections made of two {@link MemorySocket}s, a fixed one-way latency on the virtual clock,
 * and the failures the scenarios need: a node that is down refuses connections (RST), a node
 * that is silenced (crashed, or cut off) drops everything without a word, and a link reset tears
 * down every connection of a node at once.
 */
import type { Socket } from "node:net";
import type { VirtualClock } from "../clock/virtual-clock.js";
import { MemorySocket, type SocketCarrier } from "./memory-socket.js";
import { Traffic } from "./traffic.js";

/** How a node takes an incoming connection: false refuses it (the socket is reset). */
export type AcceptFn = (fromAddress: string, socket: Socket) => boolean;

/** Options of {@link MemoryNetwork}. */
export interface MemoryNetworkInit {
  /** Virtual clock that times deliveries. */
  readonly clock: VirtualClock;
  /** One-way latency per hop, virtual ms (default 1). */
  readonly latencyMs?: number;
  /** BGP port (default 179). */
  readonly port?: number;
}

/** The options bgp-fsm passes to its `connect` component. */
export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly localAddress?: string;
}

const FIRST_EPHEMERAL_PORT = 32768;

/** An in-memory network of nodes. */
export class MemoryNetwork implements SocketCarrier {
  /** Delivered traffic. */
  readonly traffic = new Traffic();
  private readonly clock: VirtualClock;
  private readonly latency: number;
  private readonly port: number;
  private readonly listeners = new Map<string, AcceptFn>();
  private readonly silenced = new Set<string>();
  private readonly open = new Set<MemorySocket>();
  private nextPort = FIRST_EPHEMERAL_PORT;
  /** Deliveries scheduled and not yet made (the driver waits for 0 to call the network quiet). */
  inFlight = 0;
  /** Connections accepted so far. */
  connections = 0;

  /** Creates an empty network. */
  constructor(init: MemoryNetworkInit) {
    this.clock = init.clock;
    this.latency = init.latencyMs ?? 1;
    this.port = init.port ?? 179;
  }

  /** `address` accepts connections through `accept` (a node that is up). */
  listen(address: string, accept: AcceptFn): void {
    this.listeners.set(address, accept);
  }

  /** `address` stops accepting: connection attempts are refused (a node that is down). */
  unlisten(address: string): void {
    this.listeners.delete(address);
  }

  /** Drop everything to and from `address` without a word (a crash or a cut cable). */
  silence(address: string): void {
    this.silenced.add(address);
  }

  /** Undo {@link silence}. */
  unsilence(address: string): void {
    this.silenced.delete(address);
  }

  /** Reset every open connection of `address` (RST to both ends, as a flapping link would). */
  resetLinks(address: string): number {
    let n = 0;
    for (const s of [...this.open]) {
      if (s.localAddress !== address) continue;
      n++;
      const err = Object.assign(new Error(`read ECONNRESET (link of ${address} reset)`), {
        code: "ECONNRESET",
      });
      this.open.delete(s);
      s.destroy(err);
    }
    return n;
  }

  /** Open connection ends. */
  get openSockets(): number {
    return this.open.size;
  }

  /** A `connect` component for bgp-fsm sessions of the node at `from`. */
  connector(from: string): (opts: ConnectOptions) => Socket {
    return (opts) => this.connect(from, opts) as unknown as Socket;
  }

  /** Opens a connection from `from` to `opts.host`; it completes (or fails) after one latency. */
  connect(from: string, opts: ConnectOptions): MemorySocket {
    const localAddress = opts.localAddress ?? from;
    const localPort = this.nextPort++;
    const client = new MemorySocket(this, {
      localAddress,
      localPort,
      remoteAddress: opts.host,
      remotePort: opts.port,
    });
    this.later(() => {
      if (client.destroyed) return;
      // A crashed or cut-off host never answers: the connect hangs until the caller gives up.
      if (this.silenced.has(opts.host) || this.silenced.has(localAddress)) return;
      const accept = this.listeners.get(opts.host);
      if (accept === undefined || opts.port !== this.port) {
        client.destroy(
          Object.assign(new Error(`connect ECONNREFUSED ${opts.host}:${opts.port}`), {
            code: "ECONNREFUSED",
          }),
        );
        return;
      }
      const server = new MemorySocket(this, {
        localAddress: opts.host,
        localPort: opts.port,
        remoteAddress: localAddress,
        remotePort: localPort,
      });
      client.peer = server;
      server.peer = client;
      for (const s of [client, server]) {
        this.open.add(s);
        s.once("close", () => this.open.delete(s));
      }
      if (!accept(localAddress, server as unknown as Socket)) return; // the reset reaches the client
      this.connections++;
      client.emit("connect");
    });
    return client;
  }

  /** Delivers `chunk` to the other end after the latency (dropped if either end is silenced). */
  carry(from: MemorySocket, chunk: Uint8Array): void {
    const to = from.peer;
    if (to === undefined || this.cut(from)) return;
    // Copy: the writer may reuse its buffer (bgp-wire's shared encoders do).
    const bytes = Uint8Array.prototype.slice.call(chunk);
    this.later(() => {
      if (to.destroyed || this.cut(from)) return;
      this.traffic.record(to.localAddress, bytes);
      to.push(bytes);
    });
  }

  /** Delivers EOF to the other end after the latency. */
  carryEnd(from: MemorySocket): void {
    const to = from.peer;
    if (to === undefined || this.cut(from)) return;
    this.later(() => {
      if (!to.destroyed && !this.cut(from)) to.push(null);
    });
  }

  /** Resets the other end after the latency (ECONNRESET), as an RST would. */
  carryReset(from: MemorySocket): void {
    this.open.delete(from);
    const to = from.peer;
    if (to === undefined || this.cut(from)) return;
    this.later(() => {
      if (to.destroyed || this.cut(from)) return;
      this.open.delete(to);
      to.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    });
  }

  private cut(s: MemorySocket): boolean {
    return this.silenced.has(s.localAddress) || this.silenced.has(s.remoteAddress);
  }

  private later(fn: () => void): void {
    this.inFlight++;
    this.clock.setTimeout(() => {
      this.inFlight--;
      fn();
    }, this.latency);
  }
}
