/**
 * `BgpSpeaker`: one listener serving many configured peers. Each incoming connection is matched
 * to a peer by its source address (and source port if configured); any other connection is
 * refused and reported, never given a session.
 */
import { EventEmitter } from "node:events";
import { type AddressInfo, type Server, type Socket, createServer } from "node:net";
import { CeaseSubcode, ErrorCode } from "@tsbgp/bgp-wire";
import type TypedEmitter from "typed-emitter";
import { canonicalAddress } from "../config/address.js";
import type { PeerConfig, SpeakerConfig } from "../config/peer-config.js";
import { validateSpeakerConfig } from "../config/validate.js";
import { BgpConfigError } from "../errors.js";
import type { SpeakerEvents } from "./events.js";
import { BgpSession } from "./session.js";
import type { BgpSessionComponents, RestartStopOptions } from "./session-init.js";

/** A speaker: validated config, one listener, one {@link BgpSession} per peer. */
export class BgpSpeaker extends (EventEmitter as new () => TypedEmitter<SpeakerEvents>) {
  /** The validated configuration. */
  readonly config: SpeakerConfig;
  private readonly sessionsByKey = new Map<string, BgpSession>();
  private server: Server | null = null;
  private readonly components: BgpSessionComponents;

  /**
   * Creates a speaker from configuration data (validated here: a bad field throws a
   * {@link BgpConfigError} naming it). Sessions are created but not started.
   */
  constructor(config: unknown, components: BgpSessionComponents = {}) {
    super();
    this.config = validateSpeakerConfig(config);
    this.components = components;
    for (const p of this.config.peers) this.addPeer(p);
  }

  /** Every session, in configuration order. */
  get sessions(): readonly BgpSession[] {
    return [...this.sessionsByKey.values()];
  }

  /** The session of the peer at `address` (and `sourcePort`, when peers share an address). */
  session(address: string, sourcePort?: number): BgpSession | undefined {
    const a = canonicalAddress(address) ?? address;
    return this.sessionsByKey.get(key(a, sourcePort)) ?? this.sessionsByKey.get(key(a, undefined));
  }

  /** The listener's address, once listening. */
  address(): AddressInfo | null {
    const a = this.server?.address();
    return a && typeof a === "object" ? a : null;
  }

  /** Adds a peer (validated with the same rules as the config file) and returns its session. */
  addPeer(peer: PeerConfig): BgpSession {
    const checked = validateSpeakerConfig({
      localAs: this.config.localAs,
      routerId: this.config.routerId,
      peers: [peer],
    }).peers[0]!;
    const k = key(checked.address, checked.sourcePort);
    if (this.sessionsByKey.has(k))
      throw new BgpConfigError("peers.address", `duplicate peer ${checked.address}`);
    const s = new BgpSession(
      { localAs: this.config.localAs, routerId: this.config.routerId, peer: checked },
      this.components,
    );
    this.sessionsByKey.set(k, s);
    return s;
  }

  /** Removes a peer, ending its session with Cease / Peer De-configured (RFC 4486 §4). */
  async removePeer(address: string, sourcePort?: number): Promise<void> {
    const s = this.session(address, sourcePort);
    if (!s) return;
    this.sessionsByKey.delete(key(s.peer.address, s.peer.sourcePort));
    await s.stopWith({ code: ErrorCode.CEASE, subcode: CeaseSubcode.PEER_DECONFIGURED });
  }

  /** Starts listening (if configured) and starts every session. */
  async start(): Promise<void> {
    const l = this.config.listen;
    if (l && !this.server) {
      const server = createServer({ noDelay: true }, (sock) => this.onConnection(sock));
      server.on("error", (err) => this.emit("speaker:error", err));
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host: l.address, port: l.port ?? 179, exclusive: true }, () => {
          server.off("error", reject);
          resolve();
        });
      });
      this.server = server;
      const a = this.address();
      if (a) this.emit("speaker:listening", a.address, a.port);
    }
    for (const s of this.sessionsByKey.values()) s.start();
  }

  /** Stops every session (Cease / Administrative Shutdown with `message`) and the listener. */
  async stop(message?: string): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    await Promise.all(this.sessions.map((s) => s.stop(message)));
    await closed;
  }

  /**
   * Stops the way a restarting speaker does (RFC 4724 §4.1): the listener closes and every
   * session drops its connection without a NOTIFICATION (see {@link BgpSession.stopForRestart}),
   * so peers keep our routes while we restart. {@link start} brings everything back, with the
   * Restart State bit in our OPENs until each session is Established again.
   */
  async stopForRestart(options: RestartStopOptions = {}): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    await Promise.all(this.sessions.map((s) => s.stopForRestart(options)));
    await closed;
  }

  private onConnection(sock: Socket): void {
    const address = canonicalAddress(sock.remoteAddress ?? "") ?? "";
    const port = sock.remotePort ?? 0;
    const s = this.sessionsByKey.get(key(address, port)) ?? this.sessionsByKey.get(key(address, undefined));
    if (!s) {
      sock.on("error", () => {});
      sock.destroy();
      this.emit("connection:refused", address, port);
      return;
    }
    s.acceptConnection(sock);
  }
}

function key(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}|${port}`;
}
