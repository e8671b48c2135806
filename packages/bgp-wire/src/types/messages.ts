/**
 * BGP messages as a discriminated union of readonly plain objects keyed by `type`
 * (STYLE.md). Decoded messages may alias the input buffer where a field says "view".
 */
import type { Rfc7606ActionName, BgpWireError } from "../errors.js";
import type { Nlri } from "./address.js";
import type { PathAttributes } from "./attributes.js";
import type { Capability } from "./capabilities.js";

/** An OPEN optional parameter that is not a capability list (RFC 4271 §4.2), kept raw. */
export interface RawOptionalParameter {
  readonly type: number;
  /** View into the input. */
  readonly value: Uint8Array;
}

/**
 * OPEN (RFC 4271 §4.2).
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |    Version    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     My Autonomous System      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Hold Time           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         BGP Identifier                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Opt Parm Len  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Optional Parameters (variable)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
export interface OpenMessage {
  readonly type: "OPEN";
  /** Protocol version; 4. */
  readonly version: number;
  /** The 2-octet "My Autonomous System" field (AS_TRANS when the real AS needs 4 octets). */
  readonly myAs: number;
  /** Proposed hold time in seconds (0 or ≥ 3). */
  readonly holdTime: number;
  /** BGP identifier as a uint32. */
  readonly bgpId: number;
  /** Every capability from every Capabilities parameter, in order (RFC 5492). */
  readonly capabilities: readonly Capability[];
  /** Optional parameters other than capabilities (type ≠ 2), kept raw. */
  readonly otherParameters?: readonly RawOptionalParameter[];
  /**
   * The RFC 9072 extended optional parameters length form was used (decode) or must be used
   * (encode; the encoder also switches to it by itself when the parameters exceed 255 bytes).
   */
  readonly extendedParameters?: boolean;
  /**
   * How the optional parameters were laid out on the wire, present on decoded OPENs so that
   * decode → encode reproduces the original bytes (see {@link OpenWireInfo}).
   */
  readonly wire?: OpenWireInfo;
}

/**
 * The layout of OPEN's optional parameters beyond their contents: speakers differ in putting all
 * capabilities into one Capabilities parameter (BIRD, GoBGP) or one per parameter (FRR).
 */
export interface OpenWireInfo {
  /**
   * One entry per optional parameter, in wire order: for a Capabilities parameter (type 2) the
   * number of consecutive entries of `capabilities` it held; `null` for the next entry of
   * `otherParameters`. Encoders ignore a layout that does not add up to the two lists.
   */
  readonly parameters: readonly (number | null)[];
}

/**
 * UPDATE (RFC 4271 §4.3). Decoded UPDATEs are lazy: the three sections are sliced first and
 * prefixes/attributes are decoded on first access (BIRD style), so the same interface serves
 * both the eager object an encoder takes and the view a decoder returns.
 */
export interface UpdateMessage {
  readonly type: "UPDATE";
  /** IPv4 unicast withdrawn routes (the Withdrawn Routes field). */
  readonly withdrawn: readonly Nlri[];
  /** Path attributes (MP_REACH/MP_UNREACH carry the other families). */
  readonly attributes: PathAttributes;
  /** IPv4 unicast NLRI (the trailing NLRI field). */
  readonly nlri: readonly Nlri[];
  /**
   * Problems RFC 7606 lets us survive (attribute discard, treat-as-withdraw), as typed errors.
   * Absent or empty when the UPDATE was clean. Errors that reset the session are thrown instead.
   */
  readonly problems?: readonly BgpWireError[];
  /**
   * The strongest RFC 7606 action among `problems`, or absent (undefined: a lazily decoded
   * UPDATE exposes it as a getter) when there were none.
   */
  readonly action?: Rfc7606ActionName | undefined;
}

/** NOTIFICATION (RFC 4271 §4.5). */
export interface NotificationMessage {
  readonly type: "NOTIFICATION";
  readonly code: number;
  readonly subcode: number;
  /** Data field (view into the input for decoded messages). */
  readonly data: Uint8Array;
}

/** KEEPALIVE (RFC 4271 §4.4): the header alone. */
export interface KeepaliveMessage {
  readonly type: "KEEPALIVE";
}

/** ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2 for the subtype byte). */
export interface RouteRefreshMessage {
  readonly type: "ROUTE_REFRESH";
  readonly afi: number;
  readonly safi: number;
  /** 0 normal request, 1 BoRR, 2 EoRR (RFC 7313); the byte was "reserved" in RFC 2918. */
  readonly subtype: number;
  /**
   * Bytes after the 4-byte fixed part, kept raw: Outbound Route Filtering entries (RFC 5291 §4)
   * on a normal request. Absent when there were none (view into the input for decoded messages).
   */
  readonly orf?: Uint8Array;
}

/** Any BGP message. */
export type BgpMessage =
  | OpenMessage
  | UpdateMessage
  | NotificationMessage
  | KeepaliveMessage
  | RouteRefreshMessage;
