/**
 * Addresses and prefixes in their compact, hot-path form: IPv4 as an unsigned 32-bit number,
 * IPv6 as 16 bytes. Strings exist only for display and map keys (see `prefix-format.ts`).
 */

/** An IPv4 address as an unsigned 32-bit integer in host order (10.0.0.1 → 0x0a000001). */
export interface Ipv4Address {
  readonly afi: 1;
  readonly addr: number;
}

/**
 * An IPv6 address as exactly 16 bytes in network order. Decoders hand out a fresh 16-byte array
 * (an NLRI carries only the significant bytes, so there is nothing to alias).
 */
export interface Ipv6Address {
  readonly afi: 2;
  readonly addr: Uint8Array;
}

/** An IPv4 or IPv6 address. */
export type IpAddress = Ipv4Address | Ipv6Address;

/** An IPv4 prefix: `addr` has no bits set beyond `len` when produced by the codec's own encoders. */
export interface Ipv4Prefix extends Ipv4Address {
  /** Prefix length, 0..32. */
  readonly len: number;
}

/** An IPv6 prefix: `addr` is 16 bytes, `len` 0..128. */
export interface Ipv6Prefix extends Ipv6Address {
  /** Prefix length, 0..128. */
  readonly len: number;
}

/** An IPv4 or IPv6 prefix. */
export type Prefix = Ipv4Prefix | Ipv6Prefix;

/**
 * One NLRI entry: a prefix and, where ADD-PATH (RFC 7911) is in use for its family, the path
 * identifier that came with it.
 */
export interface Nlri {
  readonly prefix: Prefix;
  /** ADD-PATH path identifier (RFC 7911 §3); absent when ADD-PATH is not negotiated. */
  readonly pathId?: number;
}
