/**
 * One TCP connection of a session: bgp-wire's framer on the read side, backpressure on the write
 * side. It knows bytes and whole messages, never the FSM.
 */
import type { Socket } from "node:net";
import { MessageFramer } from "@tsbgp/bgp-wire";
import { BgpSessionError, SessionErrorCode } from "../errors.js";

/** Who opened the connection; collision resolution keeps one by this (RFC 4271 §6.8). */
export type ConnectionOrigin = "local" | "remote";

/** Callbacks of a {@link Connection}. */
export interface ConnectionHandlers {
  /**
   * A whole message (header included): `bytes[from, to)`, valid until the handler returns
   * (`bytes` is the chunk it arrived in, or the message alone when it straddled chunks).
   */
  onMessage(bytes: Uint8Array, from: number, to: number): void;
  /** The framer found a header error (RFC 4271 §6.1); the connection reads nothing more. */
  onFramingError(err: unknown): void;
  /** The socket closed (by either side). Called once. */
  onClose(err: Error | undefined): void;
}

/** How long a closing connection may take to flush before it is destroyed. */
const CLOSE_GRACE_MS = 3000;

/** A framed, backpressure-aware BGP connection. */
export class Connection {
  /** Bytes received so far. */
  rxBytes = 0;
  /**
   * The clock's time when the latest chunk of input arrived: every message framed from that
   * chunk was received then (the hold timer restarts from it without a clock read each).
   */
  rxAt = 0;
  /** Bytes written so far. */
  txBytes = 0;
  /** True once closing or closed: nothing more is read or written. */
  closing = false;
  private closed = false;
  private readonly framer = new MessageFramer();
  private drainWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private pausedByUser = false;

  /** Wraps a connected socket. */
  constructor(
    readonly socket: Socket,
    readonly origin: ConnectionOrigin,
    private readonly handlers: ConnectionHandlers,
    /** The session clock's `now`, read once per chunk of input (see `rxAt`). */
    private readonly now: () => number,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("drain", () => this.flushWaiters());
    socket.on("error", (err) => this.finish(err));
    socket.on("close", () => this.finish(undefined));
    socket.on("end", () => {
      // The peer closed its side: BGP has no half-close, so we close too.
      socket.end();
    });
  }

  /** The peer's address and port as seen on the socket. */
  get remote(): { address: string; port: number } {
    return { address: this.socket.remoteAddress ?? "", port: this.socket.remotePort ?? 0 };
  }

  /** Raises the framer's limit once RFC 8654 extended messages are negotiated. */
  setMaxMessageLength(max: number): void {
    this.framer.setMaxMessageLength(max);
  }

  /** True while reading is paused by the user (inbound backpressure). */
  get inputPaused(): boolean {
    return this.pausedByUser;
  }

  /** Stops reading (inbound backpressure); the hold timer is not fired while paused. */
  pause(): void {
    this.pausedByUser = true;
    this.socket.pause();
  }
  /** Resumes reading. */
  resume(): void {
    this.pausedByUser = false;
    if (!this.closing) this.socket.resume();
  }

  /** Writes one encoded message; false means the socket buffer is full (wait for {@link drain}). */
  write(bytes: Uint8Array): boolean {
    if (this.closing) return false;
    this.txBytes += bytes.length;
    return this.socket.write(bytes);
  }

  /** Bytes queued in the socket but not yet handed to the kernel. */
  get writableLength(): number {
    return this.socket.writableLength;
  }

  /** Resolves when the socket buffer has room again; rejects if the connection closes first. */
  drain(): Promise<void> {
    if (this.closing) return Promise.reject(closedError());
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  /** Flushes what is queued (a NOTIFICATION, say), then closes; destroys it if that takes too long. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.end();
    const t = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    t.unref();
    this.socket.once("close", () => clearTimeout(t));
    this.rejectWaiters();
  }

  /** Closes at once, discarding anything queued. */
  destroy(): void {
    this.closing = true;
    this.socket.destroy();
    this.rejectWaiters();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.rxBytes += chunk.length;
    this.rxAt = this.now();
    const f = this.framer;
    let n: number;
    try {
      // Ranges, not a view per message (see MessageFramer.pushRanges). They stay valid through
      // the loop: only this method feeds the framer, and a handler cannot re-enter it (Node
      // emits socket data from the event loop, never from inside a handler's call).
      n = f.pushRanges(chunk);
    } catch (err) {
      this.handlers.onFramingError(err);
      return;
    }
    for (let i = 0; i < n; i++) {
      if (this.closing) return;
      this.handlers.onMessage(f.rangeBytes(i), f.rangeStart(i), f.rangeEnd(i));
    }
  }

  private flushWaiters(): void {
    const w = this.drainWaiters;
    this.drainWaiters = [];
    for (const x of w) x.resolve();
  }

  private rejectWaiters(): void {
    const w = this.drainWaiters;
    this.drainWaiters = [];
    for (const x of w) x.reject(closedError());
  }

  private finish(err: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closing = true;
    this.rejectWaiters();
    this.handlers.onClose(err);
  }
}

function closedError(): BgpSessionError {
  return new BgpSessionError("connection closed", SessionErrorCode.CLOSED);
}
