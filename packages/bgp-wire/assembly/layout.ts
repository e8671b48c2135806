/**
 * The module's memory layout (byte addresses) and the byte-order helpers every part uses. See
 * rib-lines.ts for what the module does.
 */

export const DIG2: usize = 0x80000; // "00".."99"
export const OCT: usize = 0x80100; // 256 x [d0 d1 d2 len]
export const PFX: usize = 0x80600; // prefix text "a.b.c.d/len|"
export const HEADPRE: usize = 0x80700; // "TABLE_DUMP2[_AP]|time|B|"
export const MP6: usize = 0x80800; // IPv6 next hop of the block being read
export const ADDR6: usize = 0x80820; // IPv6 prefix address
/**
 * 65536 peer slots of 64 bytes: [0] length of the text, [1, 52) `ip|asn|`, [56, 60) the cache
 * entry of the peer's previous line, [60, 64) the cache generation that entry belongs to.
 */
export const PEERS: usize = 0x100000;
export const PEER_SLOT: usize = 64;
/** Input: the records the host copies in. */
export const IN: usize = 0x500000;
export const IN_CAP: usize = 0x400000;
/** Output: lines, handed to the host when full. */
export const OUT: usize = 0x900000;
// 256 KiB: a larger buffer only adds fresh pages (page faults) without saving a measurable
// share of the writes. The area up to TABLE leaves slack past it for word copies.
export const OUT_CAP: usize = 0x40000;
/** Open-addressing index of the tail cache: entry addresses, 0 = empty. */
export const TABLE: usize = 0xa00000;
export const SLOTS: u32 = 1 << 18;
/**
 * The tail cache's entries, one after the other (8-byte aligned), from here to the end of the
 * memory, which grows as needed: hash, key length, tail length, 4 spare bytes, key, tail.
 */
export const ARENA: usize = 0xb00000;

/** The 64-bit word `hi:lo` (written so, JS tooling reading these files sees no 64-bit literal). */
export function word(hi: u32, lo: u32): u64 {
  return ((<u64>hi) << 32) | lo;
}

/** Big-endian 16-bit value at `p`. */
export function be16(p: usize): u32 {
  return ((<u32>load<u8>(p)) << 8) | load<u8>(p + 1);
}

/** Big-endian 32-bit value at `p`. */
export function be32(p: usize): u32 {
  return bswap<u32>(load<u32>(p));
}
