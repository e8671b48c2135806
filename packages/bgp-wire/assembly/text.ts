/**
 * ASCII writers: each puts text at address `p` (the caller has made room) and returns the next
 * address. Numbers two digits at a time from a table, addresses as bgpdump prints them.
 */
import { DIG2, OCT, be16, be32 } from "./layout";

/** Fills the digit tables (once, at start). */
export function initTables(): void {
  for (let v: u32 = 0; v < 100; v++) {
    store<u8>(DIG2 + 2 * v, 48 + v / 10);
    store<u8>(DIG2 + 2 * v + 1, 48 + (v % 10));
  }
  for (let v: u32 = 0; v < 256; v++) {
    const o = OCT + 4 * v;
    if (v >= 100) {
      store<u8>(o, 48 + v / 100);
      store<u8>(o + 1, 48 + ((v / 10) % 10));
      store<u8>(o + 2, 48 + (v % 10));
      store<u8>(o + 3, 3);
    } else if (v >= 10) {
      store<u8>(o, 48 + v / 10);
      store<u8>(o + 1, 48 + (v % 10));
      store<u8>(o + 3, 2);
    } else {
      store<u8>(o, 48 + v);
      store<u8>(o + 3, 1);
    }
  }
}

/** Decimal digits of a uint32. */
export function digitCount(v: u32): usize {
  if (v < 10000) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
  if (v < 100000000) return v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : 8;
  return v < 1000000000 ? 9 : 10;
}

/** A uint32 in decimal (at most 10 bytes), two digits per division. */
export function putUint(p: usize, v: u32): usize {
  if (v < 10) {
    store<u8>(p, 48 + v);
    return p + 1;
  }
  const end = p + digitCount(v);
  let q = end;
  let t = v;
  while (t >= 100) {
    const d = t / 100;
    const r = t - d * 100;
    t = d;
    q -= 2;
    store<u16>(q, load<u16>(DIG2 + 2 * r));
  }
  if (t >= 10) store<u16>(q - 2, load<u16>(DIG2 + 2 * t));
  else store<u8>(q - 1, 48 + t);
  return end;
}

/** 0..255 in decimal (writes 4 bytes, advances by the digits). */
export function putOctet(p: usize, v: u32): usize {
  const w = load<u32>(OCT + 4 * v);
  store<u32>(p, w);
  return p + (w >> 24);
}

/** A uint32 address as a dotted quad. */
export function putIpv4(p: usize, v: u32): usize {
  p = putOctet(p, v >> 24);
  store<u8>(p++, 46);
  p = putOctet(p, (v >> 16) & 255);
  store<u8>(p++, 46);
  p = putOctet(p, (v >> 8) & 255);
  store<u8>(p++, 46);
  return putOctet(p, v & 255);
}

/** A 16-bit group in lowercase hex without leading zeros. */
export function putHex(p: usize, g: u32): usize {
  const n: usize = g >= 0x1000 ? 4 : g >= 0x100 ? 3 : g >= 0x10 ? 2 : 1;
  for (let i: usize = 0; i < n; i++) {
    const d = (g >> (<u32>(n - 1 - i) * 4)) & 15;
    store<u8>(p + i, d < 10 ? 48 + d : 87 + d);
  }
  return p + n;
}

/** bgpdump's IPv6 text of the 16 bytes at `a` (see bgpdump-ip.ts). */
export function putIpv6(p: usize, a: usize): usize {
  let fnz: usize = 0;
  while (fnz < 12 && load<u8>(a + fnz) === 0) fnz++;
  if (fnz >= 10) {
    const w5 = be16(a + 10);
    if (fnz === 12 || w5 === 0xffff) {
      if (fnz === 10 && w5 === 0xffff) {
        // ::ffff:
        store<u8>(p, 58);
        store<u8>(p + 1, 58);
        store<u8>(p + 2, 102);
        store<u8>(p + 3, 102);
        store<u8>(p + 4, 102);
        store<u8>(p + 5, 102);
        store<u8>(p + 6, 58);
        return putIpv4(p + 7, be32(a + 12));
      }
      const v4 = be32(a + 12);
      if (fnz === 12 && v4 > 1) {
        store<u8>(p, 58);
        store<u8>(p + 1, 58);
        return putIpv4(p + 2, v4);
      }
    }
  }
  let bestStart: i32 = -1;
  let bestLen: i32 = 0;
  for (let i: i32 = 0; i < 8; ) {
    if (be16(a + 2 * i) !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && be16(a + 2 * j) === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  for (let i: i32 = 0; i < 8; i++) {
    if (i === bestStart) {
      store<u8>(p++, 58);
      if (i === 0) store<u8>(p++, 58);
      i += bestLen - 1;
      continue;
    }
    p = putHex(p, be16(a + 2 * i));
    if (i !== 7) store<u8>(p++, 58);
  }
  return p;
}

/** Copies `n` bytes with 8-byte words; may write up to 7 bytes past `dst + n`. */
export function copyWords(dst: usize, src: usize, n: usize): void {
  if (n > 256) {
    memory.copy(dst, src, n);
    return;
  }
  for (let i: usize = 0; i < n; i += 8) store<u64>(dst + i, load<u64>(src + i));
}
