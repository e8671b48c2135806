/**
 * What a {@link BgpSession} is made with: its identity and peer, the parts tests swap, and the
 * options of a restart stop.
 * @module
 */
import type { Socket } from "node:net";
import type { PeerConfig } from "../config/peer-config.js";
import type { Clock } from "./clock.js";
import type { BgpSession } from "./session.js";

/** What a session needs to know. */
export interface BgpSessionInit {
  /** Our AS number. */
  readonly localAs: number;
  /** Our BGP identifier: dotted quad or uint32. */
  readonly routerId: string | number;
  /** The peer. */
  readonly peer: PeerConfig;
}

/** Injected parts (tests swap them). */
export interface BgpSessionComponents {
  /** Time and timers; default the real clock. */
  readonly clock?: Clock;
  /** Opens outgoing TCP connections; default `net.connect`. */
  readonly connect?: (opts: { host: string; port: number; localAddress?: string }) => Socket;
  /** Random numbers in [0, 1) that seed the ConnectRetryTimer jitter; default `Math.random`. */
  readonly random?: () => number;
}

/** Options of {@link BgpSession.stopForRestart}. */
export interface RestartStopOptions {
  /**
   * The Forwarding State bit our OPENs carry after the restart (RFC 4724 §3): true when the
   * routes we advertised keep being forwarded meanwhile. Default: as configured.
   */
  readonly forwardingPreserved?: boolean;
}
