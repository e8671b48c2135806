/**
 * BGP4MP UPDATE lines (`BGP4MP[_ET][_LOCAL][_AP]|time|A|peer|peer_as|prefix|[path_id|]tail` and
 * `...|W|peer|peer_as|prefix[|path_id]`). The line start is rendered once per record and the
 * attribute tail once per announced family; each prefix then costs three copies and its text.
 */
import { attrBit, type BgpdumpAttrs, readBgpdumpAttrs } from "./bgpdump-attrs.js";
import { fmtIpv6 } from "./bgpdump-ip.js";
import { type BgpdumpPrefixList, prefixListPool, readPrefixList } from "./bgpdump-prefixes.js";
import { BgpdumpStream } from "./bgpdump-stream.js";
import { hop, type NextHop, sharedHop, writeTail } from "./bgpdump-tail.js";
import { AsciiOutput } from "./output.js";
import { putIpv4Bytes, putOctet, putView } from "./put-bytes.js";

const MP_REACH = attrBit(14);
const MP_UNREACH = attrBit(15);
const PIPE = 124;
const NL = 10;

/** The record fields an UPDATE's lines need (filled from raw bytes or from a decoded record). */
export interface Bgp4mpFields {
  timestamp: number;
  /** -1 for records without the `_ET` microsecond field. */
  microseconds: number;
  local: boolean;
  addPath: boolean;
  as4: boolean;
  peerAs: number;
  /** Address family of the peer address: 1 (`peerV4`) or 2 (16 bytes at `peerBytes[peerAt]`). */
  peerAfi: 1 | 2;
  peerV4: number;
  peerBytes: Uint8Array;
  peerAt: number;
}

/** Line starts of the current record; `A` and `W` are built on first use. */
const headA = new AsciiOutput(-1, 256);
const headW = new AsciiOutput(-1, 256);
const headW6 = new AsciiOutput(-1, 256);
/** Streams over the message, its body and one section of it (reused for every record). */
const msgStream = new BgpdumpStream(new Uint8Array(0), 0, 0);
const bodyStream = new BgpdumpStream(new Uint8Array(0), 0, 0);
const partStream = new BgpdumpStream(new Uint8Array(0), 0, 0);
/** Which heads of the current record are built (bits: 1 W, 2 W6, 4 A). */
let built = 0;
/** The attribute tail of the current announced family. */
const tail = new AsciiOutput(-1, 4096);

function writeHead(h: AsciiOutput, f: Bgp4mpFields, kind: string, peerAsV6: boolean): void {
  h.reset();
  h.str(f.microseconds >= 0 ? "BGP4MP_ET" : "BGP4MP");
  if (f.local) h.str("_LOCAL");
  if (f.addPath) h.str("_AP");
  h.ch(PIPE);
  h.num(f.timestamp);
  if (f.microseconds >= 0) {
    h.ch(46);
    // Zero-padded to six digits (bgpdump's "%06u"); wider values print in full.
    const us = f.microseconds;
    for (let d = 100000; d > 1 && us < d; d /= 10) h.ch(48);
    h.num(us);
  }
  h.str(kind);
  if (f.peerAfi === 2) h.str(fmtIpv6(f.peerBytes, f.peerAt));
  else if (peerAsV6) h.str(fmtIpv6(v4AsV6(f.peerV4)));
  else h.ipv4(f.peerV4);
  h.ch(PIPE);
  h.num(f.peerAs);
  h.ch(PIPE);
}

function v4AsV6(v: number): Uint8Array {
  const b = new Uint8Array(16);
  b[0] = v >>> 24;
  b[1] = (v >>> 16) & 255;
  b[2] = (v >>> 8) & 255;
  b[3] = v & 255;
  return b;
}

/** Writes the prefix text of slot `i` of `l`. */
function writePrefix(out: AsciiOutput, l: BgpdumpPrefixList, i: number, v6: boolean): void {
  if (v6) out.str(fmtIpv6(l.mem, l.addr(i)));
  else out.ipv4Bytes(l.mem, l.addr(i));
  out.ch(47);
  out.num(l.len(i));
}

function withdraw(out: AsciiOutput, f: Bgp4mpFields, l: BgpdumpPrefixList, v6: boolean): void {
  if (l.count === 0) return;
  // bgpdump's IPv6-route withdrawals on an IPv4 LOCAL session print the peer as IPv6.
  const six = v6 && f.local && f.peerAfi === 1;
  const h = six ? headW6 : headW;
  const bit = six ? 2 : 1;
  if (!(built & bit)) {
    writeHead(h, f, "|W|", six);
    built |= bit;
  }
  const hb = h.buffer;
  const hl = h.length;
  if (!v6 && !f.addPath) {
    // The common case, one reserved stretch per line.
    const mem = l.mem;
    const hv = h.view();
    for (let i = 0; i < l.count; i++) {
      const buf = out.reserve(hl + 24);
      let p = putView(buf, out.length, hv);
      p = putIpv4Bytes(buf, p, mem, l.addr(i));
      buf[p++] = 47;
      p = putOctet(buf, p, l.len(i));
      buf[p++] = NL;
      out.commit(p);
    }
    return;
  }
  for (let i = 0; i < l.count; i++) {
    out.copy(hb, 0, hl);
    writePrefix(out, l, i, v6);
    if (f.addPath) {
      out.ch(PIPE);
      out.num(l.pathId(i));
    }
    out.ch(NL);
  }
}

function announce(out: AsciiOutput, f: Bgp4mpFields, l: BgpdumpPrefixList, v6: boolean): void {
  if (l.count === 0) return;
  if (!(built & 4)) {
    writeHead(headA, f, "|A|", false);
    built |= 4;
  }
  const hb = headA.buffer;
  const hl = headA.length;
  const tb = tail.buffer;
  const tl = tail.length;
  if (!v6 && !f.addPath) {
    const mem = l.mem;
    const hv = headA.view();
    const tv = tail.view();
    for (let i = 0; i < l.count; i++) {
      const buf = out.reserve(hl + tl + 24);
      let p = putView(buf, out.length, hv);
      p = putIpv4Bytes(buf, p, mem, l.addr(i));
      buf[p++] = 47;
      p = putOctet(buf, p, l.len(i));
      buf[p++] = PIPE;
      out.commit(putView(buf, p, tv));
    }
    return;
  }
  for (let i = 0; i < l.count; i++) {
    out.copy(hb, 0, hl);
    writePrefix(out, l, i, v6);
    out.ch(PIPE);
    if (f.addPath) {
      out.num(l.pathId(i));
      out.ch(PIPE);
    }
    out.copy(tb, 0, tl);
  }
}

/**
 * Writes the lines of a BGP4MP message record whose BGP message (header included) is `m`
 * (a view ending where the record ends: bgpdump's reads past it give zeros). Only UPDATEs
 * print lines in `-m` mode.
 */
export function writeUpdateLines(out: AsciiOutput, f: Bgp4mpFields, m: Uint8Array): void {
  const s = msgStream.reset(m, 0, m.length);
  for (let i = 0; i < 16; i++) if (s.getc() !== 0xff) return;
  const size = s.getw();
  const body = s.copyInto(Math.max(0, size - 18), bodyStream);
  if (body.getc() !== 2) return;
  prefixListPool.reset();
  const addPath = f.addPath;
  const withdrawn = readPrefixList(body.copyInto(body.getw(), partStream), addPath);
  const attrs = readBgpdumpAttrs(body.copyInto(body.getw(), partStream), f.as4 ? 4 : 2, addPath);
  const announced = readPrefixList(body, addPath);
  built = 0;
  if (withdrawn.count > 0 || attrs.flag & MP_UNREACH) {
    withdraw(out, f, withdrawn, false);
    for (let safi = 1; safi <= 3; safi++) {
      const w = attrs.withdraw[4 + safi];
      if (w) withdraw(out, f, w.prefixes, false);
    }
    for (let safi = 1; safi <= 3; safi++) {
      const w = attrs.withdraw[8 + safi];
      if (w) withdraw(out, f, w.prefixes, true);
    }
  }
  if (announced.count > 0 || attrs.flag & MP_REACH) {
    family(out, f, attrs, announced, false, hop(sharedHop, 4, attrs.nexthop, null), false);
    for (let safi = 1; safi <= 3; safi++) {
      const a = attrs.announce[4 + safi];
      if (a) family(out, f, attrs, a.prefixes, false, hop(sharedHop, 4, 0, a.nexthop), true);
    }
    for (let safi = 1; safi <= 3; safi++) {
      const a = attrs.announce[8 + safi];
      if (a) family(out, f, attrs, a.prefixes, true, hop(sharedHop, 6, 0, a.nexthop), false);
    }
  }
}

/** The announcements of one family: its tail once, then one line per prefix. */
function family(
  out: AsciiOutput,
  f: Bgp4mpFields,
  attrs: BgpdumpAttrs,
  l: BgpdumpPrefixList,
  v6: boolean,
  nh: NextHop,
  signed: boolean,
): void {
  if (l.count === 0) return;
  tail.reset();
  writeTail(tail, attrs, nh, signed);
  announce(out, f, l, v6);
}
