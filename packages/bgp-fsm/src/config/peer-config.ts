/** The configuration of a speaker and its peers, as plain data (JSON/YAML friendly). */
import type { FamilyKey } from "@tsbgp/bgp-wire";
import type { FsmConfig } from "../fsm/config.js";
import type { CapabilityOptions } from "../negotiate/advertise.js";

/** One configured peer. */
export interface PeerConfig {
  /** The peer's IP address; incoming connections are matched by it. */
  readonly address: string;
  /** The peer's BGP port for outgoing connections; default 179. */
  readonly port?: number;
  /** Also match incoming connections by source port (for several peers on one address, e.g. tests). */
  readonly sourcePort?: number;
  /** Local address to connect from. */
  readonly localAddress?: string;
  /** The peer's AS; omitted accepts any AS the peer announces. */
  readonly peerAs?: number;
  /** A name for logs and events; defaults to the address. */
  readonly name?: string;
  /** Our proposed hold time in seconds (0 or ≥ 3); default 90. */
  readonly holdTime?: number;
  /** Keepalive interval if shorter than a third of the hold time. */
  readonly keepaliveTime?: number;
  /** Smallest non-zero hold time we accept from the peer; default 3. */
  readonly minHoldTime?: number;
  /**
   * ConnectRetryTime: the longest wait between connection attempts; default 5 s (RFC 4271 §10
   * suggests 120). Attempts back off from 1 s up to it, jittered (see `fsm.connectRetryBackoff`).
   */
  readonly connectRetryTime?: number;
  /** Never connect, only accept (PassiveTcpEstablishment). */
  readonly passive?: boolean;
  /** Families to advertise, as `"afi/safi"`; default `["1/1"]`. */
  readonly families?: readonly FamilyKey[];
  /** Capabilities beyond the families. */
  readonly capabilities?: Omit<CapabilityOptions, "families">;
  /** Capability codes the peer must support (RFC 5492 §3). */
  readonly requiredCapabilities?: readonly number[];
  /** Most prefixes accepted from the peer before the session is ceased (RFC 4486 §4 subcode 1). */
  readonly maxPrefixes?: number;
  /** Other FSM attributes (RFC 4271 §8.1.1). */
  readonly fsm?: Partial<FsmConfig>;
}

/** Where the speaker listens. */
export interface ListenConfig {
  readonly address: string;
  /** TCP port; 0 picks a free one (tests); default 179. */
  readonly port?: number;
}

/** A speaker: one AS, one router ID, one listener, many peers. */
export interface SpeakerConfig {
  /** Our AS number (1..4294967295). */
  readonly localAs: number;
  /** Our BGP identifier, dotted quad. */
  readonly routerId: string;
  /** Listener; omit for no listener (outgoing sessions only). */
  readonly listen?: ListenConfig;
  readonly peers: readonly PeerConfig[];
}
