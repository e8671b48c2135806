/**
 * BGP4MP UPDATE lines (`BGP4MP[_ET][_LOCAL][_AP]|time|A|peer|peer_as|prefix|[path_id|]tail` and
 * `...|W|peer|peer_as|prefix[|path_id]`). The line start is rendered once per record and the
 * attribute tail once per announced family; an IPv4 prefix then costs its text and one copy (see
 * `ipv4Lines`), and plain IPv4 NLRI are printed straight from the message bytes.
 */
import { attrBit, type BgpdumpAttrs, readBgpdumpAttrs } from "./bgpdump-attrs.js";
import { fmtIpv6 } from "./bgpdump-ip.js";
import { type BgpdumpPrefixList, prefixListPool, readPrefixList } from "./bgpdump-prefixes.js";
import { BgpdumpStream } from "./bgpdump-stream.js";
import { hop, type NextHop, sharedHop, writeTail } from "./bgpdump-tail.js";
import { AsciiOutput } from "./output.js";
import { putBytes, putIpv4Bytes, putOctet, putUint, putView } from "./put-bytes.js";

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

/** Fresh {@link Bgp4mpFields} to be filled per record (one object reused by each formatter). */
export function emptyBgp4mpFields(): Bgp4mpFields {
  return {
    timestamp: 0,
    microseconds: -1,
    local: false,
    addPath: false,
    as4: false,
    peerAs: 0,
    peerAfi: 1,
    peerV4: 0,
    peerBytes: new Uint8Array(0),
    peerAt: 0,
  };
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

/** "BGP4MP", "BGP4MP_ET", and their "_LOCAL", "_AP" forms, indexed `et | local << 1 | addPath << 2`. */
const HEAD_TYPES = [0, 1, 2, 3, 4, 5, 6, 7].map((k) =>
  Buffer.from(`BGP4MP${k & 1 ? "_ET" : ""}${k & 2 ? "_LOCAL" : ""}${k & 4 ? "_AP" : ""}|`, "latin1"),
);

/**
 * The last head's "|kind|peer|peer_as|" part and what it was built from: consecutive records
 * nearly always come from the same peer, so the address and AS are rendered once per run.
 */
const peerPart = new AsciiOutput(-1, 128);
let peerKey = "";
let peerKeyV4 = -1;
let peerKeyAs = -1;

function writeHead(h: AsciiOutput, f: Bgp4mpFields, kind: string, peerAsV6: boolean): void {
  h.reset();
  const et = f.microseconds >= 0;
  const type = HEAD_TYPES[(et ? 1 : 0) | (f.local ? 2 : 0) | (f.addPath ? 4 : 0)]!;
  // Type, timestamp and microseconds in one reserved stretch (at most 20 + 10 + 11).
  const b = h.reserve(48);
  let p = putView(b, 0, type);
  p = putUint(b, p, f.timestamp);
  if (et) {
    b[p++] = 46;
    // Zero-padded to six digits (bgpdump's "%06u"); wider values print in full.
    const us = f.microseconds;
    for (let d = 100000; d > 1 && us < d; d /= 10) b[p++] = 48;
    p = putUint(b, p, us);
  }
  h.commit(p);
  const v4 = f.peerAfi === 1 && !peerAsV6;
  if (!v4 || kind !== peerKey || f.peerV4 !== peerKeyV4 || f.peerAs !== peerKeyAs) {
    const t = peerPart;
    t.reset();
    t.str(kind);
    if (f.peerAfi === 2) t.str(fmtIpv6(f.peerBytes, f.peerAt));
    else if (peerAsV6) t.str(fmtIpv6(v4AsV6(f.peerV4)));
    else t.ipv4(f.peerV4);
    t.ch(PIPE);
    t.num(f.peerAs);
    t.ch(PIPE);
    // Only plain IPv4 peers are remembered (the others are rare and need the bytes compared).
    peerKey = v4 ? kind : "";
    peerKeyV4 = f.peerV4;
    peerKeyAs = f.peerAs;
  }
  h.copy(peerPart.buffer, 0, peerPart.length);
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
    // The common case, one reserved stretch per line; the head is copied from the line before
    // (see `announce`).
    const mem = l.mem;
    let gen = -1;
    let hs = 0;
    for (let i = 0; i < l.count; i++) {
      const buf = out.reserve(hl + 24);
      let p = out.length;
      if (out.generation === gen) buf.copyWithin(p, hs, hs + hl);
      else putBytes(buf, p, hb, 0, hl);
      gen = out.generation;
      hs = p;
      p = putIpv4Bytes(buf, p + hl, mem, l.addr(i));
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

/**
 * Writes IPv4 lines `head prefix|tail` for prefixes given either as list slots (`l`) or as the
 * NLRI bytes `wire[ws, we)` (`l` undefined; every prefix complete and at most /32, see
 * {@link countIpv4Nlri}). Between two prefixes the output is always the same block, `|` + tail +
 * head: it is built once after the first prefix and then copied from there with `copyWithin`
 * (one copy per line, no view objects), or rebuilt after a flush (a new output generation) took
 * it away.
 */
function ipv4Lines(
  out: AsciiOutput,
  count: number,
  l: BgpdumpPrefixList | undefined,
  wire: Uint8Array,
  ws: number,
): void {
  const hb = headA.buffer;
  const hl = headA.length;
  const tb = tail.buffer;
  const tl = tail.length;
  const mid = 1 + tl + hl;
  let buf = out.reserve(hl);
  out.commit(putBytes(buf, out.length, hb, 0, hl));
  const mem = l ? l.mem : wire;
  let q = ws;
  let gen = -1;
  let ms = 0;
  for (let i = 0; i < count; i++) {
    const n = i === count - 1 ? 1 + tl : mid;
    buf = out.reserve(19 + n);
    let p = out.length;
    let len: number;
    if (l) {
      const at = l.addr(i);
      len = l.len(i);
      p = putIpv4Bytes(buf, p, mem, at);
    } else {
      // An NLRI prefix: length, then ceil(length / 8) bytes; the rest of the address is zero.
      len = mem[q]!;
      const nb = (len + 7) >> 3;
      p = putOctet(buf, p, nb > 0 ? mem[q + 1]! : 0);
      buf[p++] = 46;
      p = putOctet(buf, p, nb > 1 ? mem[q + 2]! : 0);
      buf[p++] = 46;
      p = putOctet(buf, p, nb > 2 ? mem[q + 3]! : 0);
      buf[p++] = 46;
      p = putOctet(buf, p, nb > 3 ? mem[q + 4]! : 0);
      q += 1 + nb;
    }
    buf[p++] = 47;
    p = putOctet(buf, p, len);
    if (out.generation === gen) buf.copyWithin(p, ms, ms + n);
    else {
      ms = p;
      buf[p] = PIPE;
      putBytes(buf, p + 1, tb, 0, tl);
      if (n === mid) putBytes(buf, p + 1 + tl, hb, 0, hl);
      gen = out.generation;
    }
    out.commit(p + n);
  }
}

/**
 * Number of prefixes in the NLRI bytes `b[s, e)` when all of them are complete and at most /32
 * (what {@link ipv4Lines} prints straight from the bytes), else -1 (then read them as a list:
 * bgpdump's handling of cut and over-long prefixes is reproduced there).
 */
function countIpv4Nlri(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  while (s < e) {
    const len = b[s]!;
    if (len > 32) return -1;
    s += 1 + ((len + 7) >> 3);
    n++;
  }
  return s === e ? n : -1;
}

function announce(out: AsciiOutput, f: Bgp4mpFields, l: BgpdumpPrefixList, v6: boolean): void {
  if (l.count === 0) return;
  if (!(built & 4)) {
    writeHead(headA, f, "|A|", false);
    built |= 4;
  }
  if (!v6 && !f.addPath) {
    ipv4Lines(out, l.count, l, l.mem, 0);
    return;
  }
  const hb = headA.buffer;
  const hl = headA.length;
  const tb = tail.buffer;
  const tl = tail.length;
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
 * Writes the lines of a BGP4MP message record whose BGP message (header included) is
 * `m[start, end)`, where `end` is also the end of the record (bgpdump's reads past it give
 * zeros). Only UPDATEs print lines in `-m` mode.
 */
export function writeUpdateLines(
  out: AsciiOutput,
  f: Bgp4mpFields,
  m: Uint8Array,
  start = 0,
  end = m.length,
): void {
  // The 16-byte marker (RFC 4271 §4.1), straight from the bytes when they are all there.
  if (end - start >= 16) {
    for (let i = start; i < start + 16; i++) if (m[i] !== 0xff) return;
  } else return;
  const s = msgStream.resetWithin(m, start + 16, end, end);
  const size = s.getw();
  const body = s.copyInto(Math.max(0, size - 18), bodyStream);
  if (body.getc() !== 2) return;
  prefixListPool.reset();
  const addPath = f.addPath;
  const withdrawn = readPrefixList(body.copyInto(body.getw(), partStream), addPath);
  const attrs = readBgpdumpAttrs(body.copyInto(body.getw(), partStream), f.as4 ? 4 : 2, addPath);
  // Plain IPv4 NLRI print straight from the message bytes when nothing in them is odd.
  const wireAt = body.pos;
  const wireCount = addPath ? -1 : countIpv4Nlri(m, wireAt, body.end);
  const announced = wireCount < 0 ? readPrefixList(body, addPath) : undefined;
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
  if ((announced ? announced.count : wireCount) > 0 || attrs.flag & MP_REACH) {
    const nh = hop(sharedHop, 4, attrs.nexthop, null);
    if (announced) family(out, f, attrs, announced, false, nh, false);
    else if (wireCount > 0) {
      tail.reset();
      writeTail(tail, attrs, nh, false);
      if (!(built & 4)) {
        writeHead(headA, f, "|A|", false);
        built |= 4;
      }
      ipv4Lines(out, wireCount, undefined, m, wireAt);
    }
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
