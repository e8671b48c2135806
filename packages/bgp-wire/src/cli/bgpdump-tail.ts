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
import { putUint } from "./put-bytes.js";

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

function origin(o: number): string {
  return o === 0 ? "IGP" : o === 1 ? "EGP" : "INCOMPLETE";
}

/**
 * Writes the attribute tail of a line.
 *
 * @param signed bgpdump prints MP IPv4 routes' local_pref/med with %d, every other line with %u
 */
export function writeTail(out: AsciiOutput, a: BgpdumpAttrs, nh: NextHop, signed: boolean): void {
  if (a.asPath && a.flag & attrBit(2)) writeAsPath(out, a.asPath);
  out.ch(PIPE);
  out.str(origin(a.origin));
  out.ch(PIPE);
  if (nh.b === null) out.ipv4(nh.v);
  else if (nh.kind === 6) out.str(fmtIpv6(nh.b));
  else out.ipv4Bytes(nh.b, 0);
  out.ch(PIPE);
  const lp = a.flag & attrBit(5) ? a.localPref : 0;
  const med = a.flag & attrBit(4) ? a.med : 0;
  if (signed) out.int(lp | 0);
  else out.num(lp >>> 0);
  out.ch(PIPE);
  if (signed) out.int(med | 0);
  else out.num(med >>> 0);
  out.ch(PIPE);
  if (a.communityAt >= 0 && a.flag & attrBit(8)) writeCommunities(out, a);
  out.ch(PIPE);
  out.str(a.flag & attrBit(6) ? "AG" : "NAG");
  out.ch(PIPE);
  if (a.aggregatorAddr !== INADDR_NONE) {
    out.num(a.aggregatorAs >>> 0);
    out.ch(32);
    out.ipv4(a.aggregatorAddr);
  }
  out.ch(PIPE);
  out.ch(NL);
}

/**
 * COMMUNITIES as bgpdump names them: only the three RFC 1997 names (with its "local-AS" for
 * NO_EXPORT_SUBCONFED), every other value as `asn:value`, space-separated.
 */
function writeCommunities(out: AsciiOutput, a: BgpdumpAttrs): void {
  const b = a.communityBytes;
  // At most 13 characters each ("no-advertise " or "65535:65535 ").
  const buf = out.reserve(a.communityCount * 13);
  let w = out.length;
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
  out.commit(w);
}

/** Next hop column of B lines: MP_REACH IPv6 next hop if any, else NEXT_HOP (RFC 6396 §4.3.4). */
export function ribNextHop(a: BgpdumpAttrs): NextHop {
  const mp6 = a.announce[2 * 4 + 1];
  return a.flag & MP_REACH && mp6 ? hop(sharedHop, 6, 0, mp6.nexthop) : hop(sharedHop, 4, a.nexthop, null);
}
