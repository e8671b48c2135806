/**
 * The byte-level socket the rtnetlink client runs over. Kept minimal so the client and codec are
 * testable without a kernel and the native socket can be swapped.
 * @module
 */
import type { RouteSyncError } from "../errors.js";

/** Callbacks a transport reports to. */
export interface TransportHandlers {
  /** One received datagram (it may hold several netlink messages). */
  readonly message: (datagram: Uint8Array) => void;
  /** A socket error (receive overrun is `errno` ENOBUFS). */
  readonly error: (error: RouteSyncError) => void;
}

/** A NETLINK_ROUTE datagram socket. */
export interface NetlinkTransport {
  /**
   * Sends one datagram to the kernel (all its messages are processed in order). The caller may
   * reuse the datagram's memory once the promise has resolved, so keep no reference to it.
   */
  send(datagram: Uint8Array): Promise<void>;
  /** Joins an rtnetlink multicast group (`RtnlGroup`); resolves once notifications flow. */
  addMembership(group: number): void | Promise<void>;
  /** Leaves an rtnetlink multicast group; resolves once it took effect. */
  dropMembership(group: number): void | Promise<void>;
  /** Receive buffer size the kernel granted, in bytes. */
  recvBufferSize(): number;
  /** Lets the process exit while the socket is open (for sockets that only answer requests). */
  unref(): void;
  /** Closes the socket; further sends reject. */
  close(): void;
}

/** Opens a transport delivering to `handlers`. */
export type TransportFactory = (handlers: TransportHandlers) => Promise<NetlinkTransport>;
