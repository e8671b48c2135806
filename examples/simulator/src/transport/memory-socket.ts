/**
 * One end of an in-memory TCP connection: a `Duplex` stream with the few `net.Socket` extras a
 * BGP session touches (addresses and ports, `setNoDelay`). Bytes written on one end are handed to
 * the {@link MemoryNetwork}, which delivers them to the other end after the link latency on the
 * virtual clock, in order. `end()` arrives as EOF; `destroy()` before a clean close arrives as a
 * connection reset, like TCP's RST.
 */
import { Duplex } from "node:stream";

/** What a socket needs from the network that carries it. */
export interface SocketCarrier {
  /** `from` wrote `chunk`. */
  carry(from: MemorySocket, chunk: Uint8Array): void;
  /** `from` ended its side (FIN). */
  carryEnd(from: MemorySocket): void;
  /** `from` was destroyed before a clean close (RST). */
  carryReset(from: MemorySocket): void;
}

/** Addresses of one end. */
export interface SocketEnds {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** An in-memory socket end (see the module comment). */
export class MemorySocket extends Duplex {
  /** The other end, once connected. */
  peer: MemorySocket | undefined;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly remoteFamily = "IPv4";

  /** Creates an unconnected end carried by `carrier`. */
  constructor(
    private readonly carrier: SocketCarrier,
    ends: SocketEnds,
  ) {
    // Like net.Socket: when the peer ends, we end too (BGP has no half-close anyway).
    super({ allowHalfOpen: false });
    this.localAddress = ends.localAddress;
    this.localPort = ends.localPort;
    this.remoteAddress = ends.remoteAddress;
    this.remotePort = ends.remotePort;
  }

  /** No-op: there is no Nagle to turn off in memory. */
  setNoDelay(): this {
    return this;
  }

  /** No-op. */
  setKeepAlive(): this {
    return this;
  }

  override _read(): void {
    // Data is pushed by the network as it arrives.
  }

  override _write(
    chunk: Uint8Array,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.carrier.carry(this, chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.carrier.carryEnd(this);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A clean close (both directions ended) needs no RST.
    if (!(this.writableFinished && this.readableEnded)) this.carrier.carryReset(this);
    callback(error);
  }
}
