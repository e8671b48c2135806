/**
 * The part of a `bgpdump -m` route line that depends only on the path attributes:
 * `as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|\n`. Announcements of
 * one UPDATE and RIB entries with the same attribute block share it, so it is rendered once and
 * copied per line.
 */
import { writeAsPath } from "./bgpdump-aspath.js";
import { attrBit, type BgpdumpAttrs, INADDR_NONE } from "./bgpdump-attrs.js";
import { fmtIpv6 } from "./bgpdump-ip.js";
import type { AsciiOutput } from "./output.js";
import { putIpv4Bytes, putOctet, putUint, putView } from "./put-bytes.js";

const PIPE = 124;
const NL = 10;
const MP_REACH = attrBit(14);

/** How the next hop column is filled. */
export interface NextHop {
  /** 6: IPv6 bytes in `b`; 4: IPv4 bytes in `b`, or the uint32 `v` when `b` is null. */
  kind: 4 | 6;
  v: number;
  b: Uint8Array | null;
}

/** Sets `h` and returns it (next hops are rebuilt per line group; no allocation needed). */
export function hop(h: NextHop, kind: 4 | 6, v: number, b: Uint8Array | null): NextHop {
  h.kind = kind;
  h.v = v;
  h.b = b;
  return h;
}

/** One next hop object reused by every caller (each uses it before the next call). */
export const sharedHop: NextHop = { kind: 4, v: 0, b: null };

/** ORIGIN texts (RFC 4271 §5.1.1) as bytes; bgpdump prints any other value as INCOMPLETE. */
const ORIGINS = ["IGP", "EGP", "INCOMPLETE"].map((t) => Buffer.from(t, "latin1"));
const AG = Buffer.from("AG", "latin1");
const NAG = Buffer.from("NAG", "latin1");

/** Puts a signed 32-bit integer in decimal. */
function putInt(buf: Uint8Array, p: number, v: number): number {
  if (v >= 0) return putUint(buf, p, v);
  buf[p] = 45;
  return putUint(buf, p + 1, -v);
}

/**
 * Writes the attribute tail of a line: the AS path, then everything else in one reserved
 * stretch (one room check instead of one per field).
 *
 * @param signed bgpdump prints MP IPv4 routes' local_pref/med with %d, every other line with %u
 */
export function writeTail(out: AsciiOutput, a: BgpdumpAttrs, nh: NextHop, signed: boolean): void {
  if (a.asPath && a.flag & attrBit(2)) writeAsPath(out, a.asPath);
  const communities = a.communityAt >= 0 && a.flag & attrBit(8) ? a.communityCount : 0;
  // origin 10, next hop 45, two numbers 11 each, "NAG", aggregator 26, pipes and newline 9;
  // a community takes at most 13 ("no-advertise ").
  const buf = out.reserve(128 + 13 * communities);
  let p = out.length;
  buf[p++] = PIPE;
  p = putView(buf, p, ORIGINS[a.origin === 0 ? 0 : a.origin === 1 ? 1 : 2]!);
  buf[p++] = PIPE;
  if (nh.b === null) p = putUint32Ipv4(buf, p, nh.v);
  else if (nh.kind === 6) {
    const t = fmtIpv6(nh.b);
    for (let i = 0; i < t.length; i++) buf[p++] = t.charCodeAt(i);
  } else p = putIpv4Bytes(buf, p, nh.b, 0);
  buf[p++] = PIPE;
  const lp = a.flag & attrBit(5) ? a.localPref : 0;
  const med = a.flag & attrBit(4) ? a.med : 0;
  p = signed ? putInt(buf, p, lp | 0) : putUint(buf, p, lp >>> 0);
  buf[p++] = PIPE;
  p = signed ? putInt(buf, p, med | 0) : putUint(buf, p, med >>> 0);
  buf[p++] = PIPE;
  if (communities > 0) p = putCommunities(buf, p, a);
  buf[p++] = PIPE;
  p = putView(buf, p, a.flag & attrBit(6) ? AG : NAG);
  buf[p++] = PIPE;
  if (a.aggregatorAddr !== INADDR_NONE) {
    p = putUint(buf, p, a.aggregatorAs >>> 0);
    buf[p++] = 32;
    p = putUint32Ipv4(buf, p, a.aggregatorAddr);
  }
  buf[p++] = PIPE;
  buf[p++] = NL;
  out.commit(p);
}

/** Puts a uint32 address as a dotted quad. */
function putUint32Ipv4(buf: Uint8Array, p: number, v: number): number {
  p = putOctet(buf, p, v >>> 24);
  buf[p++] = 46;
  p = putOctet(buf, p, (v >>> 16) & 255);
  buf[p++] = 46;
  p = putOctet(buf, p, (v >>> 8) & 255);
  buf[p++] = 46;
  return putOctet(buf, p, v & 255);
}

/**
 * COMMUNITIES as bgpdump names them: only the three RFC 1997 names (with its "local-AS" for
 * NO_EXPORT_SUBCONFED), every other value as `asn:value`, space-separated. Room for 13 bytes a
 * value must be reserved.
 */
function putCommunities(buf: Uint8Array, w: number, a: BgpdumpAttrs): number {
  const b = a.communityBytes;
  for (let i = 0, o = a.communityAt; i < a.communityCount; i++, o += 4) {
    if (i > 0) buf[w++] = 32;
    const hi = (b[o]! << 8) | b[o + 1]!;
    const lo = (b[o + 2]! << 8) | b[o + 3]!;
    if (hi === 0xffff && lo >= 0xff01 && lo <= 0xff03) {
      const name = lo === 0xff01 ? "no-export" : lo === 0xff02 ? "no-advertise" : "local-AS";
      for (let k = 0; k < name.length; k++) buf[w++] = name.charCodeAt(k);
    } else {
      w = putUint(buf, w, hi);
      buf[w++] = 58;
      w = putUint(buf, w, lo);
    }
  }
  return w;
}

/** Next hop column of B lines: MP_REACH IPv6 next hop if any, else NEXT_HOP (RFC 6396 §4.3.4). */
export function ribNextHop(a: BgpdumpAttrs): NextHop {
  const mp6 = a.announce[2 * 4 + 1];
  return a.flag & MP_REACH && mp6 ? hop(sharedHop, 6, 0, mp6.nexthop) : hop(sharedHop, 4, a.nexthop, null);
}
