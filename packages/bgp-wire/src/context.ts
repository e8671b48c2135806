/**
 * What a session negotiated and the codec must know to read and write its messages. One codec
 * serves every session: the context, not global state, carries the differences.
 */

/** An (AFI, SAFI) pair written as `"afi/safi"`, e.g. `"1/1"` for IPv4 unicast. */
export type FamilyKey = `${number}/${number}`;

/** Builds the {@link FamilyKey} for an AFI/SAFI pair. */
export function familyKey(afi: number, safi: number): FamilyKey {
  return `${afi}/${safi}`;
}

/** The codec context: negotiated capabilities that change the wire format. */
export interface CodecContext {
  /** 4-octet AS numbers in AS_PATH/AGGREGATOR (RFC 6793): both sides advertised the capability. */
  readonly asn4: boolean;
  /** Families for which received NLRI carry a path identifier (RFC 7911: we may receive). */
  readonly addPathReceive: ReadonlySet<FamilyKey>;
  /** Families for which sent NLRI carry a path identifier (RFC 7911: we may send). */
  readonly addPathSend: ReadonlySet<FamilyKey>;
  /** Messages up to 65535 bytes (RFC 8654) instead of 4096. */
  readonly extendedMessage: boolean;
  /**
   * Families whose NLRI may come with a next hop of another address family (RFC 8950),
   * e.g. `"1/1"` when IPv4 unicast may use an IPv6 next hop.
   */
  readonly extendedNextHop: ReadonlySet<FamilyKey>;
}

const empty: ReadonlySet<FamilyKey> = new Set();

/** Options for {@link createContext}; every field defaults to the RFC 4271 baseline. */
export interface CodecContextInit {
  readonly asn4?: boolean;
  readonly addPathReceive?: Iterable<FamilyKey>;
  readonly addPathSend?: Iterable<FamilyKey>;
  readonly extendedMessage?: boolean;
  readonly extendedNextHop?: Iterable<FamilyKey>;
}

/**
 * Creates a codec context. With no options it is the RFC 4271 baseline (2-octet AS, no ADD-PATH,
 * 4096-byte messages); modern sessions almost always want `{ asn4: true }`.
 */
export function createContext(init: CodecContextInit = {}): CodecContext {
  return {
    asn4: init.asn4 ?? false,
    addPathReceive: init.addPathReceive ? new Set(init.addPathReceive) : empty,
    addPathSend: init.addPathSend ? new Set(init.addPathSend) : empty,
    extendedMessage: init.extendedMessage ?? false,
    extendedNextHop: init.extendedNextHop ? new Set(init.extendedNextHop) : empty,
  };
}

/** The baseline context with 4-octet AS numbers: what MRT `*_AS4` records and most peers use. */
export const ASN4_CONTEXT: CodecContext = createContext({ asn4: true });
/** The RFC 4271 baseline context (2-octet AS numbers). */
export const ASN2_CONTEXT: CodecContext = createContext({ asn4: false });
