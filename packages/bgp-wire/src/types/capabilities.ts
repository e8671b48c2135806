/**
 * Capabilities as advertised in OPEN (RFC 5492): a union keyed by `code`, with a raw fallback so
 * an unknown capability survives decode → encode unchanged.
 */
import type { FamilyKey } from "../context.js";

/** Multiprotocol extensions (RFC 4760 §8), code 1. */
export interface MultiprotocolCapability {
  readonly code: 1;
  readonly afi: number;
  readonly safi: number;
}
/** Route refresh (RFC 2918), code 2. */
export interface RouteRefreshCapability {
  readonly code: 2;
}
/** Extended next hop encoding (RFC 8950), code 5. */
export interface ExtendedNextHopCapability {
  readonly code: 5;
  readonly entries: readonly { readonly afi: number; readonly safi: number; readonly nextHopAfi: number }[];
}
/** Extended message (RFC 8654), code 6. */
export interface ExtendedMessageCapability {
  readonly code: 6;
}
/** BGP role (RFC 9234), code 9: 0 provider, 1 RS, 2 RS-client, 3 customer, 4 peer. */
export interface BgpRoleCapability {
  readonly code: 9;
  readonly role: number;
}
/** One family in a graceful restart capability (RFC 4724 §3). */
export interface GracefulRestartFamily {
  readonly afi: number;
  readonly safi: number;
  /** Forwarding state preserved for this family (F bit). */
  readonly forwardingPreserved: boolean;
}
/** Graceful restart (RFC 4724 §3), code 64. */
export interface GracefulRestartCapability {
  readonly code: 64;
  /** Restart State (R) bit. */
  readonly restarting: boolean;
  /** Graceful notification (N) bit (RFC 8538). */
  readonly notification: boolean;
  /** Restart time in seconds (12 bits). */
  readonly restartTime: number;
  readonly families: readonly GracefulRestartFamily[];
}
/** 4-octet AS number support (RFC 6793 §3), code 65. */
export interface FourOctetAsCapability {
  readonly code: 65;
  readonly asn: number;
}
/** ADD-PATH send/receive mode (RFC 7911 §4): 1 receive, 2 send, 3 both. */
export type AddPathMode = 1 | 2 | 3;
/** ADD-PATH (RFC 7911 §4), code 69. */
export interface AddPathCapability {
  readonly code: 69;
  readonly entries: readonly { readonly afi: number; readonly safi: number; readonly mode: AddPathMode }[];
}
/** Enhanced route refresh (RFC 7313 §3.1), code 70. */
export interface EnhancedRouteRefreshCapability {
  readonly code: 70;
}
/** One family in a long-lived graceful restart capability (RFC 9494 §3). */
export interface LlgrFamily {
  readonly afi: number;
  readonly safi: number;
  readonly forwardingPreserved: boolean;
  /** Long-lived stale time in seconds (24 bits). */
  readonly staleTime: number;
}
/** Long-lived graceful restart (RFC 9494), code 71. */
export interface LongLivedGracefulRestartCapability {
  readonly code: 71;
  readonly families: readonly LlgrFamily[];
}
/** Hostname / FQDN capability (draft-walton-bgp-hostname-capability), code 73. */
export interface FqdnCapability {
  readonly code: 73;
  readonly hostname: string;
  readonly domain: string;
}
/** Any other capability, kept raw so it re-encodes byte for byte. */
export interface RawCapability {
  /** Capability code not modelled above (or one whose value did not parse and is kept raw). */
  readonly code: number;
  readonly raw: true;
  /** The capability value (view into the decoded message; copy it to keep it). */
  readonly value: Uint8Array;
}

/** Any capability. Narrow on `"raw" in cap` first, then on `code`. */
export type Capability =
  | MultiprotocolCapability
  | RouteRefreshCapability
  | ExtendedNextHopCapability
  | ExtendedMessageCapability
  | BgpRoleCapability
  | GracefulRestartCapability
  | FourOctetAsCapability
  | AddPathCapability
  | EnhancedRouteRefreshCapability
  | LongLivedGracefulRestartCapability
  | FqdnCapability
  | RawCapability;

/** Re-exported for capability consumers that key per-family settings. */
export type { FamilyKey };
