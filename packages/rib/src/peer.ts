/**
 * The RIB's opaque view of a BGP neighbour: who it is (address, AS, router ID) and how routes
 * from and to it are treated (iBGP/eBGP, route-reflector client). The RIB never sees the
 * session itself; the speaker registers a peer and then feeds it routes.
 */
import type { IpAddress } from "@tsbgp/bgp-wire";

/** How a peer relates to us (RFC 4271 §1.1, RFC 4456 §2). */
export const PeerKind = {
  /** A neighbour in another AS. */
  EBGP: "ebgp",
  /** A neighbour in our AS. */
  IBGP: "ibgp",
  /** The pseudo-peer of locally originated routes. */
  LOCAL: "local",
} as const;
/** One of the {@link PeerKind} values. */
export type PeerKindName = (typeof PeerKind)[keyof typeof PeerKind];

/** A registered neighbour, as the RIB, the decision process and the change stream see it. */
export interface Peer {
  /** Small integer, unique within one RIB (index into per-peer arrays). */
  readonly id: number;
  /** Display name (defaults to the address). */
  readonly name: string;
  /** The neighbour's address: used by the last decision step (RFC 4271 §9.1.2.2 g). */
  readonly address: IpAddress;
  /** The neighbour's AS. */
  readonly asn: number;
  /** The neighbour's BGP identifier as a uint32 (RFC 4271 §9.1.2.2 f). */
  readonly routerId: number;
  /** eBGP, iBGP or local; derived from `asn` and the RIB's own AS. */
  readonly kind: PeerKindName;
  /** An RFC 4456 route-reflector client (only meaningful for iBGP peers). */
  readonly rrClient: boolean;
}
