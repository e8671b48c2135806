/** What two OPENs agreed on: smaller than what each side advertised (STYLE.md). */
import type { CodecContext, FamilyKey } from "@tsbgp/bgp-wire";

/** The peer's graceful restart state, when both sides advertised the capability (RFC 4724 §3). */
export interface NegotiatedGracefulRestart {
  /** Seconds we keep the peer's routes as stale after its session goes down. */
  readonly restartTime: number;
  /** The peer set the Restart State bit: it has just restarted. */
  readonly peerRestarting: boolean;
  /** Both sides set the N bit (RFC 8538): a NOTIFICATION also keeps routes, except Hard Reset. */
  readonly notification: boolean;
  /** The families the peer preserves across a restart, with its F bit. */
  readonly families: readonly { readonly family: FamilyKey; readonly forwardingPreserved: boolean }[];
}

/** The outcome of OPEN negotiation for one session. */
export interface NegotiatedSession {
  /** The peer's real AS (from the 4-octet AS capability when present). */
  readonly peerAs: number;
  /** The peer's BGP identifier (uint32). */
  readonly peerBgpId: number;
  /** True when the peer is in our AS (iBGP). */
  readonly internal: boolean;
  /** Negotiated hold time in seconds: the smaller proposal, 0 meaning none (RFC 4271 §4.2). */
  readonly holdTime: number;
  /** Keepalive interval in seconds (a third of the hold time, or less if configured). */
  readonly keepaliveTime: number;
  /** Families both sides advertised (RFC 4760 §8; IPv4 unicast when neither lists any). */
  readonly families: readonly FamilyKey[];
  /** Both sides do 4-octet AS numbers (RFC 6793). */
  readonly asn4: boolean;
  /** The peer may send ROUTE-REFRESH and we may send it to the peer (RFC 2918). */
  readonly routeRefresh: boolean;
  /** Enhanced route refresh, with BoRR/EoRR (RFC 7313). */
  readonly enhancedRouteRefresh: boolean;
  /** Messages up to 65535 bytes (RFC 8654). */
  readonly extendedMessage: boolean;
  /** Families on which we receive path identifiers (RFC 7911). */
  readonly addPathReceive: readonly FamilyKey[];
  /** Families on which we send path identifiers (RFC 7911). */
  readonly addPathSend: readonly FamilyKey[];
  /** Families that may use a next hop of the other address family (RFC 8950). */
  readonly extendedNextHop: readonly FamilyKey[];
  /** Graceful restart, when both sides advertised it. */
  readonly gracefulRestart: NegotiatedGracefulRestart | null;
  /** The codec context for this session's messages. */
  readonly codec: CodecContext;
}
