/**
 * `BgpSession`: one configured peer over TCP. It feeds socket and timer events into the pure
 * FSM (`step`) and performs the actions it returns; everything protocol-shaped lives there or in
 * `negotiate`, this file only wires sockets, timers and events.
 */
import { EventEmitter } from "node:events";
import { type Socket, connect as netConnect } from "node:net";
import {
  type BgpMessage,
  CeaseSubcode,
  ErrorCode,
  type FamilyKey,
  type OpenMessage,
  type PackInput,
  type UpdateMessage,
  encodeMessage,
  endOfRib,
  packUpdates,
} from "@tsbgp/bgp-wire";
import type TypedEmitter from "typed-emitter";
import { formatRouterId, parseRouterId } from "../config/address.js";
import type { PeerConfig } from "../config/peer-config.js";
import { BgpConfigError, BgpSessionError, type NotificationInfo, SessionErrorCode } from "../errors.js";
import { type FsmConfig, fsmConfig } from "../fsm/config.js";
import type { FsmEvent } from "../fsm/events.js";
import { initialFsmState } from "../fsm/fsm-state.js";
import type { SessionStateName } from "../fsm/states.js";
import { step } from "../fsm/step.js";
import { splitFamily } from "../negotiate/advertise.js";
import type { NegotiationPolicy } from "../negotiate/negotiate.js";
import type { NegotiatedSession } from "../negotiate/negotiated.js";
import { type Clock, systemClock } from "./clock.js";
import type { Connection, ConnectionOrigin } from "./connection.js";
import { SessionCounters } from "./counters.js";
import type { SessionEvents } from "./events.js";
import { GracefulRestartHelper } from "./graceful-restart.js";
import { LocalRestartState } from "./local-restart.js";
import { PrefixCounter, countingSink } from "./prefix-limit.js";
import { encodeNotification, executeAction } from "./execute.js";
import type { ReceiveHost } from "./receive.js";
import { shutdownCommunicationData } from "./shutdown-message.js";
import { Slot } from "./slot.js";
import { pumpUpdates, sendInitialTable } from "./send-updates.js";
import { stopForRestart, stopWithCease } from "./stop.js";
import { attach, onTimer } from "./transport.js";
import { TimerSet } from "./timer-set.js";
import type { BgpSessionComponents, BgpSessionInit, RestartStopOptions } from "./session-init.js";

/** A BGP session with one peer. Create it directly or through a `BgpSpeaker`. */
export class BgpSession
  extends (EventEmitter as new () => TypedEmitter<SessionEvents>)
  implements ReceiveHost
{
  /** The peer configuration. */
  readonly peer: PeerConfig;
  /** Live counters. */
  readonly counters = new SessionCounters();
  /** Our OPEN as it would be sent now (with the Restart State bit while we restart). */
  get ourOpen(): OpenMessage {
    return this.restart.open;
  }
  /** OPEN checks applied to the peer. */
  readonly policy: NegotiationPolicy;
  /** Our BGP identifier. */
  readonly routerId: number;
  /** The injected clock. */
  readonly clock: Clock;
  private readonly config: FsmConfig;
  private readonly random: () => number;
  /** @internal our OPENs across our own restarts (RFC 4724 §4.1) */
  readonly restart: LocalRestartState;
  /** @internal opens outgoing TCP connections */
  readonly connectFn: NonNullable<BgpSessionComponents["connect"]>;
  /** @internal the slot that owns the session state */
  main: Slot;
  /** @internal a colliding connection tracked until its OPEN */
  second: Slot | null = null;
  /** @internal */
  readonly prefixes: PrefixCounter | null;
  /** @internal */
  readonly gr: GracefulRestartHelper;
  private downReason: BgpSessionError | null = null;
  private readonly eorSent = new Set<FamilyKey>();

  /** Creates a session in Idle; call {@link start}. */
  constructor(init: BgpSessionInit, components: BgpSessionComponents = {}) {
    super();
    const id = parseRouterId(init.routerId);
    if (id === undefined || id === 0)
      throw new BgpConfigError("routerId", "must be a non-zero dotted-quad IPv4 address");
    this.routerId = id;
    this.peer = init.peer;
    this.clock = components.clock ?? systemClock;
    this.connectFn = components.connect ?? ((o) => netConnect(o));
    this.random = components.random ?? Math.random;
    const holdTime = init.peer.holdTime ?? 90;
    this.config = fsmConfig({
      holdTime,
      connectRetryTime: init.peer.connectRetryTime ?? 5,
      passiveTcpEstablishment: init.peer.passive ?? false,
      // Prompt reconnection after a peer restart: retry connects from 1 s with backoff and
      // jitter, and restart after a failure from 1 s, damping doubling it for a flapping peer.
      connectRetryBackoff: true,
      connectRetryJitter: true,
      idleHoldTime: 1,
      ...init.peer.fsm,
    });
    const caps = { ...init.peer.capabilities, families: init.peer.families ?? ["1/1"] };
    this.restart = new LocalRestartState({
      localAs: init.localAs,
      routerId: id,
      holdTime,
      capabilities: caps,
    });
    this.policy = {
      localAs: init.localAs,
      ...(init.peer.peerAs === undefined ? {} : { peerAs: init.peer.peerAs }),
      ...(init.peer.minHoldTime === undefined ? {} : { minHoldTime: init.peer.minHoldTime }),
      ...(init.peer.keepaliveTime === undefined ? {} : { keepaliveTime: init.peer.keepaliveTime }),
      ...(init.peer.requiredCapabilities ? { requiredCapabilities: init.peer.requiredCapabilities } : {}),
    };
    this.prefixes = init.peer.maxPrefixes === undefined ? null : new PrefixCounter();
    this.gr = new GracefulRestartHelper(countingSink(this, this.prefixes), this.clock);
    this.main = this.newSlot(this.config);
  }

  /** The peer's name for logs: its configured name or address. */
  get name(): string {
    return this.peer.name ?? this.peer.address;
  }
  /** The RFC 4271 state. */
  get state(): SessionStateName {
    return this.main.fsm.state;
  }
  /** What the OPENs negotiated, while the session is OpenConfirm or Established. */
  get negotiated(): NegotiatedSession | null {
    return this.main.negotiated;
  }
  /** The live connection's endpoints and who opened it, or null without one. */
  get connection(): {
    origin: ConnectionOrigin;
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
  } | null {
    const c = this.main.conn;
    if (!c) return null;
    const sk = c.socket;
    return {
      origin: c.origin,
      localAddress: sk.localAddress ?? "",
      localPort: sk.localPort ?? 0,
      remoteAddress: sk.remoteAddress ?? "",
      remotePort: sk.remotePort ?? 0,
    };
  }
  /** Our router ID as a dotted quad. */
  get routerIdText(): string {
    return formatRouterId(this.routerId);
  }

  /** Starts the session (ManualStart, or its passive variant; RFC 4271 §8.1.2). */
  start(): void {
    this.dispatch(this.main, {
      type: this.config.passiveTcpEstablishment ? "ManualStart_with_PassiveTcpEstablishment" : "ManualStart",
    });
  }

  /**
   * Stops the session with Cease / Administrative Shutdown and, if given, an RFC 9003 message;
   * resolves once the connection is closed. No automatic restart follows.
   */
  async stop(message?: string): Promise<void> {
    const data = message === undefined ? new Uint8Array(0) : shutdownCommunicationData(message);
    const n: NotificationInfo = {
      code: ErrorCode.CEASE,
      subcode: CeaseSubcode.ADMINISTRATIVE_SHUTDOWN,
      data,
    };
    await this.stopWith(n);
  }

  /** @internal stops with a given Cease (the speaker uses Peer De-configured). */
  async stopWith(n: NotificationInfo): Promise<void> {
    await stopWithCease(this, n);
  }

  /**
   * Drops the session the way a restarting speaker does (RFC 4724 §4.1): the TCP connection is
   * closed WITHOUT a NOTIFICATION, so a peer that negotiated graceful restart keeps our routes
   * as stale (and forwarding along them) instead of withdrawing them. The routes learned from
   * the peer are kept as stale too (`routes:stale`, for our restart time) rather than flushed,
   * until the peer sends them again and its End-of-RIB after we are back. No automatic restart
   * follows: call {@link start} to come back; until a session is Established again our OPENs
   * carry the Restart State bit (when graceful restart is configured) and the Forwarding State
   * bits from `options`. Resolves once the connection is closed.
   */
  async stopForRestart(options: RestartStopOptions = {}): Promise<void> {
    await stopForRestart(this, options);
  }

  /**
   * Hands an incoming TCP connection from this peer to the session. Returns false (and closes
   * it) when the session does not accept connections now (Idle, or a collision already tracked).
   */
  acceptConnection(socket: Socket): boolean {
    const main = this.main;
    const st = main.fsm.state;
    if (st === "Idle" || this.second) {
      this.emit("log", "info", `${this.name}: refusing incoming connection in ${st}`);
      socket.destroy();
      return false;
    }
    if ((st === "Connect" || st === "Active") && !main.conn && !main.pending) {
      attach(this, main, socket, "remote");
      this.dispatch(main, { type: "TcpConnectionConfirmed" });
      return true;
    }
    // RFC 4271 §6.8: track the second connection until its OPEN decides. Our own connect still
    // in progress is kept too: dropping it here while the peer does the same on its side would
    // kill both connections.
    const slot = this.newSlot({ ...this.config, allowAutomaticStart: false, delayOpen: false });
    slot.fsm = { ...slot.fsm, state: "Active" };
    this.second = slot;
    attach(this, slot, socket, "remote");
    this.dispatch(slot, { type: "TcpConnectionConfirmed" });
    return true;
  }

  /** Sends one message on the Established session; false means wait for {@link drain}. */
  send(msg: BgpMessage): boolean {
    const conn = this.establishedConn();
    return this.write(conn, encodeMessage(msg, this.main.codec), msg.type);
  }

  /** Sends an already encoded message (e.g. from `packUpdates`); false means wait for {@link drain}. */
  sendEncoded(bytes: Uint8Array): boolean {
    const conn = this.establishedConn();
    return this.write(
      conn,
      bytes,
      bytes[18] === 2 ? "UPDATE" : bytes[18] === 5 ? "ROUTE_REFRESH" : "KEEPALIVE",
    );
  }

  /**
   * Sends `count` encoded UPDATEs laid back to back in one buffer (as bgp-wire's
   * `packUpdatesInto` writes them) in one socket write; false means wait for {@link drain}.
   * The buffer is not copied: the caller must not change it afterwards, and may hand the same
   * one to several sessions (a peer group's shared encoding).
   */
  sendEncodedUpdates(bytes: Uint8Array, count: number): boolean {
    const conn = this.establishedConn();
    this.counters.messagesOut.UPDATE += count;
    return conn.write(bytes);
  }

  /**
   * Sends messages from a (possibly async, possibly huge) source, waiting for the socket to
   * drain whenever its buffer is full, so memory stays bounded. Resolves with the count sent.
   */
  async sendUpdates(
    source: Iterable<UpdateMessage | Uint8Array> | AsyncIterable<UpdateMessage | Uint8Array>,
  ): Promise<number> {
    return pumpUpdates(this, source);
  }

  /** Packs prefixes sharing one attribute set into as few UPDATEs as fit and sends them. */
  announce(input: PackInput): Promise<number> {
    return this.sendUpdates(packUpdates(input, this.main.codec));
  }

  /** Sends the End-of-RIB marker of a family (RFC 4724 §2). */
  sendEndOfRib(family: FamilyKey = "1/1"): boolean {
    const { afi, safi } = splitFamily(family);
    const ok = this.send(endOfRib(afi, safi));
    this.eorSent.add(family);
    return ok;
  }

  /** Families whose End-of-RIB we sent since the session was last Established. */
  get endOfRibSent(): ReadonlySet<FamilyKey> {
    return this.eorSent;
  }

  /**
   * Sends the initial table (as {@link sendUpdates} does), then the End-of-RIB marker of each
   * negotiated family not yet marked (RFC 4724 §2, §4.1: sent after the initial update, with or
   * without graceful restart). Resolves with the number of UPDATEs sent, markers excluded.
   */
  async sendInitialTable(
    source: Iterable<UpdateMessage | Uint8Array> | AsyncIterable<UpdateMessage | Uint8Array>,
  ): Promise<number> {
    return sendInitialTable(this, source);
  }

  /** Asks the peer to resend its routes of a family (RFC 2918); needs the capability. */
  requestRouteRefresh(family: FamilyKey = "1/1"): boolean {
    if (!this.main.negotiated?.routeRefresh) {
      throw new BgpSessionError("route refresh was not negotiated", SessionErrorCode.NOT_ESTABLISHED);
    }
    const { afi, safi } = splitFamily(family);
    return this.send({ type: "ROUTE_REFRESH", afi, safi, subtype: 0 });
  }

  /** Resolves when the socket can take more data; rejects if the session goes down first. */
  drain(): Promise<void> {
    const conn = this.main.conn;
    if (!conn)
      return Promise.reject(new BgpSessionError("session has no connection", SessionErrorCode.CLOSED));
    return conn.drain();
  }

  /** Stops reading from the peer (inbound backpressure); the hold timer waits meanwhile. */
  pauseInput(): void {
    this.main.conn?.pause();
  }
  /** Resumes reading. */
  resumeInput(): void {
    this.main.conn?.resume();
  }

  // ---- ReceiveHost: used by receive.ts ----

  /** @internal */
  dispatch(slot: Slot, event: FsmEvent): void {
    const r = step(slot.fsm, event, slot.config, this.clock.now());
    slot.fsm = r.state;
    for (const a of r.actions) executeAction(this, slot, a);
    if (slot === this.second && slot.fsm.state === "Idle") this.discardSecond(null);
  }

  /** @internal records why the session is about to go down. */
  noteDown(err: BgpSessionError): void {
    this.downReason = err;
    this.counters.lastError = err.message;
  }

  /** @internal makes `winner` the main slot after a collision or a detected restart. */
  promote(slot: Slot, from: SessionStateName = this.main.fsm.state): void {
    if (slot !== this.second) return;
    const old = this.main;
    old.timers.stopAll();
    this.second = null;
    slot.config = this.config;
    slot.fsm = { ...slot.fsm, idleHoldTime: old.fsm.idleHoldTime, lastFailureAt: old.fsm.lastFailureAt };
    this.main = slot;
    if (from !== slot.fsm.state) this.emit("state:change", from, slot.fsm.state);
  }

  /** @internal the other slot of a collision, if any. */
  otherSlot(slot: Slot): Slot | null {
    return slot === this.main ? this.second : this.main;
  }

  private newSlot(config: FsmConfig): Slot {
    const seed = Math.floor(this.random() * 0x100000000);
    const fsm = initialFsmState(config.idleHoldTime, config.holdTime, seed);
    let slot: Slot | undefined;
    const timers = new TimerSet(this.clock, (t, gen) => onTimer(this, slot!, t, gen));
    slot = new Slot(fsm, config, timers);
    return slot;
  }

  /** @internal reports a state change of the main slot. */
  stateChanged(slot: Slot, from: SessionStateName, to: SessionStateName): void {
    this.emit("state:change", from, to);
    if (to === "Established" && slot.negotiated) {
      this.counters.establishedTransitions++;
      this.counters.establishedAt = this.clock.now();
      this.downReason = null;
      this.eorSent.clear();
      this.restart.established();
      this.gr.sessionUp(slot.negotiated);
      this.emit("session:established", slot.negotiated);
    } else if (from === "Established") {
      this.counters.flaps++;
      this.counters.establishedAt = undefined;
      const reason =
        this.downReason ?? new BgpSessionError("session closed", SessionErrorCode.CONNECTION_FAILED);
      this.downReason = null;
      this.emit("session:down", reason);
    }
  }

  /** @internal writes an encoded message and counts it. */
  write(conn: Connection, bytes: Uint8Array, type: BgpMessage["type"]): boolean {
    this.counters.messagesOut[type]++;
    return conn.write(bytes);
  }

  private establishedConn(): Connection {
    if (this.main.fsm.state !== "Established" || !this.main.conn) {
      throw new BgpSessionError(
        `session with ${this.name} is ${this.main.fsm.state}, not Established`,
        SessionErrorCode.NOT_ESTABLISHED,
      );
    }
    return this.main.conn;
  }

  /** @internal drops a tracked second connection, with a NOTIFICATION if given. */
  discardSecond(n: NotificationInfo | null): void {
    const s = this.second;
    if (!s) return;
    this.second = null;
    s.silent = true;
    s.timers.stopAll();
    if (s.conn) {
      if (n) s.conn.write(encodeNotification(n, s.codec));
      s.conn.close();
      s.conn = null;
    }
  }
}
