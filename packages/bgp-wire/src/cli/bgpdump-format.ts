/**
 * `bgpdump -m` one-line output (bgpdump 1.6.2), record by record. Line layouts:
 * ```
 * TABLE_DUMP|time|B|peer|peer_as|prefix|as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|
 * TABLE_DUMP2[_AP]|time|B|peer|peer_as|prefix|[path_id|]as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|
 * BGP4MP[_ET][_LOCAL][_AP]|time|A|peer|peer_as|prefix|[path_id|]as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|
 * BGP4MP[_ET][_LOCAL][_AP]|time|W|peer|peer_as|prefix[|path_id]
 * BGP4MP[_ET]|time|STATE|peer|peer_as|old_state|new_state
 * ```
 * Only UPDATEs and state changes print lines; `_ET` records print `seconds.microseconds`.
 */
import type {
  Bgp4mpMessageRecord,
  Bgp4mpStateChangeRecord,
  MrtPeer,
  MrtRecord,
  RibRecord,
  TableDumpRecord,
} from "../mrt/types.js";
import type { IpAddress } from "../types/address.js";
import { attrBit, type BgpdumpAttrs, INADDR_NONE, readBgpdumpAttrs } from "./bgpdump-attrs.js";
import { fmtIpv4, fmtIpv6 } from "./bgpdump-ip.js";
import { type BgpdumpPrefixList, prefixListPool, readPrefixList } from "./bgpdump-prefixes.js";
import { BgpdumpStream } from "./bgpdump-stream.js";
import { AsciiOutput } from "./output.js";

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** ASCII text as bytes. */
function ascii(text: string): Uint8Array {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
  return b;
}

/** The attribute block of the RIB entry being formatted (one object reused for all). */
const entryStream = new BgpdumpStream(new Uint8Array(0), 0, 0);

/** In-memory output where a line tail shared by several prefixes is rendered once. */
const scratch = new AsciiOutput(-1, 4096);

const MP_REACH = attrBit(14);
const MP_UNREACH = attrBit(15);
const PIPE = 124;
const NL = 10;

function origin(o: number): string {
  return o === 0 ? "IGP" : o === 1 ? "EGP" : "INCOMPLETE";
}

function writeIp(out: AsciiOutput, a: IpAddress): void {
  if (a.afi === 1) out.ipv4(a.addr);
  else out.str(fmtIpv6(a.addr));
}

/** How the next hop column is filled. */
interface NextHop {
  /** 6: IPv6 bytes in `b`; 4: IPv4 bytes in `b`, or the uint32 `v` when `b` is null. */
  kind: 4 | 6;
  v: number;
  b: Uint8Array | null;
}

/** Sets `h` and returns it (next hops are rebuilt per line group; no allocation needed). */
function hop(h: NextHop, kind: 4 | 6, v: number, b: Uint8Array | null): NextHop {
  h.kind = kind;
  h.v = v;
  h.b = b;
  return h;
}
const hopA: NextHop = { kind: 4, v: 0, b: null };

/** The shared tail: `as_path|origin|next_hop|local_pref|med|communities|AG|aggregator|\n`. */
function tail(out: AsciiOutput, a: BgpdumpAttrs, nh: NextHop, signed: boolean): void {
  if (a.asPath && a.flag & attrBit(2)) out.str(a.asPath.str);
  out.ch(PIPE);
  out.str(origin(a.origin));
  out.ch(PIPE);
  if (nh.b === null) out.ipv4(nh.v);
  else if (nh.kind === 6) out.str(fmtIpv6(nh.b));
  else out.ipv4Bytes(nh.b, 0);
  out.ch(PIPE);
  const lp = a.flag & attrBit(5) ? a.localPref : 0;
  const med = a.flag & attrBit(4) ? a.med : 0;
  // bgpdump prints MP IPv4 routes' local_pref/med with %d (signed), every other line with %u.
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
  for (let i = 0, o = a.communityAt; i < a.communityCount; i++, o += 4) {
    if (i > 0) out.ch(32);
    const hi = (b[o]! << 8) | b[o + 1]!;
    const lo = (b[o + 2]! << 8) | b[o + 3]!;
    if (hi === 0xffff && lo >= 0xff01 && lo <= 0xff03) {
      out.str(lo === 0xff01 ? "no-export" : lo === 0xff02 ? "no-advertise" : "local-AS");
    } else {
      out.num(hi);
      out.ch(58);
      out.num(lo);
    }
  }
}

function time(out: AsciiOutput, h: { readonly timestamp: number; readonly microseconds?: number }): void {
  out.num(h.timestamp);
  if (h.microseconds !== undefined) {
    out.ch(46);
    out.str(String(h.microseconds).padStart(6, "0"));
  }
}

/** Next hop column of B lines: MP_REACH IPv6 next hop if any, else NEXT_HOP (RFC 6396 §4.3.4). */
function ribNextHop(a: BgpdumpAttrs): NextHop {
  const mp6 = a.announce[2 * 4 + 1];
  return a.flag & MP_REACH && mp6 ? hop(hopA, 6, 0, mp6.nexthop) : hop(hopA, 4, a.nexthop, null);
}

/** Writes MRT records as `bgpdump -m` lines; keeps the PEER_INDEX_TABLE between records. */
export class BgpdumpFormatter {
  private peers: readonly MrtPeer[] = [];
  /** "ip|asn|" text of each peer of the current PEER_INDEX_TABLE, built on first use. */
  private peerText: (Uint8Array | undefined)[] = [];
  /**
   * Per peer, the last RIB attribute block seen and the line tail it gave. A peer's routes to
   * neighbouring prefixes often share their attributes (45% of the RouteViews sample's entries
   * repeat their peer's previous block), and a tail depends on the attributes alone. Comparing
   * with one previous block costs far less than a hash table, which retains too much for the GC.
   */
  private lastBlock: (Uint8Array | undefined)[] = [];
  private lastTail: (Uint8Array | undefined)[] = [];

  /** The line tail of a RIB entry's attribute block, reused when it repeats the peer's last one. */
  private ribTail(peer: number, block: Uint8Array, addPath: boolean): Uint8Array {
    const prev = this.lastBlock[peer];
    if (prev !== undefined && sameBytes(prev, block)) return this.lastTail[peer]!;
    prefixListPool.reset();
    const a = readBgpdumpAttrs(entryStream.reset(block, 0, block.length), 4, addPath);
    scratch.reset();
    tail(scratch, a, ribNextHop(a), false);
    const t = scratch.view().slice();
    this.lastBlock[peer] = block;
    this.lastTail[peer] = t;
    return t;
  }

  /** Writes the lines of one record (none for records bgpdump prints nothing for). */
  format(rec: MrtRecord, out: AsciiOutput): void {
    switch (rec.type) {
      case "TABLE_DUMP":
        this.tableDump(rec, out);
        return;
      case "PEER_INDEX_TABLE":
        this.peers = rec.peers;
        this.peerText = [];
        this.lastBlock = [];
        this.lastTail = [];
        return;
      case "RIB":
        this.rib(rec, out);
        return;
      case "BGP4MP_MESSAGE":
        this.message(rec, out);
        return;
      case "BGP4MP_STATE_CHANGE":
        this.stateChange(rec, out);
        return;
      case "RIB_GENERIC":
      case "UNKNOWN":
        return;
      default: {
        const never: never = rec;
        throw new Error(`unhandled record ${(never as MrtRecord).type}`);
      }
    }
  }

  private tableDump(rec: TableDumpRecord, out: AsciiOutput): void {
    prefixListPool.reset();
    const a = readBgpdumpAttrs(entryStream.reset(rec.attributes, 0, rec.attributes.length), 2, false);
    out.str("TABLE_DUMP|");
    out.num(rec.header.timestamp);
    out.str("|B|");
    writeIp(out, rec.peerIp);
    out.ch(PIPE);
    out.num(rec.peerAs);
    out.ch(PIPE);
    writeIp(out, rec.prefix);
    out.ch(47);
    out.num(rec.prefix.len);
    out.ch(PIPE);
    tail(out, a, ribNextHop(a), false);
  }

  private rib(rec: RibRecord, out: AsciiOutput): void {
    // bgpdump handles only the unicast RIB subtypes (2, 4 and their ADD-PATH forms 8, 10).
    if (rec.safi !== 1) return;
    // Text shared by the record's lines, as bytes: written with one copy per line.
    const p = rec.prefix;
    const prefix = ascii(`${p.afi === 1 ? fmtIpv4(p.addr) : fmtIpv6(p.addr)}/${p.len}|`);
    const head = ascii(`${rec.addPath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2"}|${rec.header.timestamp}|B|`);
    for (const e of rec.entries) {
      let peer = this.peerText[e.peerIndex];
      if (peer === undefined) {
        const q = this.peers[e.peerIndex];
        if (!q) continue;
        peer = ascii(`${q.ip.afi === 1 ? fmtIpv4(q.ip.addr) : fmtIpv6(q.ip.addr)}|${q.asn}|`);
        this.peerText[e.peerIndex] = peer;
      }
      const tl = this.ribTail(e.peerIndex, e.attributes, rec.addPath);
      out.bytes(head);
      out.bytes(peer);
      out.bytes(prefix);
      if (rec.addPath) {
        out.num(e.pathId ?? 0);
        out.ch(PIPE);
      }
      out.bytes(tl);
    }
  }

  private stateChange(rec: Bgp4mpStateChangeRecord, out: AsciiOutput): void {
    // bgpdump drops state changes whose length is not exactly the RFC 6396 §4.4.1 size.
    const len = rec.header.length;
    if (rec.afi === 1 ? len !== 20 && len !== 24 : len !== 44 && len !== 48) return;
    out.str(rec.header.microseconds !== undefined ? "BGP4MP_ET|" : "BGP4MP|");
    time(out, rec.header);
    out.str("|STATE|");
    writeIp(out, rec.peerIp);
    out.ch(PIPE);
    out.num(rec.peerAs);
    out.ch(PIPE);
    out.num(rec.oldState);
    out.ch(PIPE);
    out.num(rec.newState);
    out.ch(NL);
  }

  private message(rec: Bgp4mpMessageRecord, out: AsciiOutput): void {
    const m = rec.message;
    const s = new BgpdumpStream(m, 0, m.length);
    for (let i = 0; i < 16; i++) if (s.getc() !== 0xff) return;
    const size = s.getw();
    const body = s.copy(Math.max(0, size - 18));
    if (body.getc() !== 2) return; // only UPDATEs print lines in -m mode
    prefixListPool.reset();
    const addPath = rec.addPath;
    const withdrawn = readPrefixList(body.copy(body.getw()), addPath);
    const attrs = readBgpdumpAttrs(body.copy(body.getw()), rec.as4 ? 4 : 2, addPath);
    const announced = readPrefixList(body, addPath);

    // Every line of the record starts the same way: build that text once.
    const h = rec.header;
    const fmt = `BGP4MP${h.microseconds !== undefined ? "_ET" : ""}${rec.local ? "_LOCAL" : ""}${addPath ? "_AP" : ""}`;
    const t =
      h.microseconds === undefined
        ? `${h.timestamp}`
        : `${h.timestamp}.${String(h.microseconds).padStart(6, "0")}`;
    const peer = `${rec.peerIp.afi === 1 ? fmtIpv4(rec.peerIp.addr) : fmtIpv6(rec.peerIp.addr)}|${rec.peerAs}|`;
    // Line starts, built on first use (most UPDATEs only announce).
    let headA: Uint8Array | undefined;
    let headW: Uint8Array | undefined;
    let headW6: Uint8Array | undefined;
    const withdrawHead = (v6: boolean): Uint8Array => {
      headW ??= ascii(`${fmt}|${t}|W|${peer}`);
      if (!v6 || !rec.local || rec.peerIp.afi !== 1) return headW;
      // bgpdump's IPv6-route withdrawals on an IPv4 LOCAL session print the peer as IPv6.
      headW6 ??= ascii(`${fmt}|${t}|W|${fmtIpv6(v4AsV6(rec.peerIp))}|${rec.peerAs}|`);
      return headW6;
    };

    const withdraw = (l: BgpdumpPrefixList, v6: boolean): void => {
      if (l.count === 0) return;
      const head = withdrawHead(v6);
      for (let i = 0; i < l.count; i++) {
        out.bytes(head);
        if (v6) out.str(fmtIpv6(l.mem, l.addr(i)));
        else out.ipv4Bytes(l.mem, l.addr(i));
        out.ch(47);
        out.num(l.len(i));
        if (addPath) {
          out.ch(PIPE);
          out.num(l.pathId(i));
        }
        out.ch(NL);
      }
    };
    const announce = (l: BgpdumpPrefixList, v6: boolean, nh: NextHop, signed: boolean): void => {
      if (l.count === 0) return;
      headA ??= ascii(`${fmt}|${t}|A|${peer}`);
      const head = headA;
      scratch.reset();
      tail(scratch, attrs, nh, signed);
      const tl = scratch.view();
      for (let i = 0; i < l.count; i++) {
        out.bytes(head);
        if (v6) out.str(fmtIpv6(l.mem, l.addr(i)));
        else out.ipv4Bytes(l.mem, l.addr(i));
        out.ch(47);
        out.num(l.len(i));
        out.ch(PIPE);
        if (addPath) {
          out.num(l.pathId(i));
          out.ch(PIPE);
        }
        out.bytes(tl);
      }
    };
    if (withdrawn.count > 0 || attrs.flag & MP_UNREACH) {
      withdraw(withdrawn, false);
      for (let safi = 1; safi <= 3; safi++) {
        const w = attrs.withdraw[4 + safi];
        if (w) withdraw(w.prefixes, false);
      }
      for (let safi = 1; safi <= 3; safi++) {
        const w = attrs.withdraw[8 + safi];
        if (w) withdraw(w.prefixes, true);
      }
    }
    if (announced.count > 0 || attrs.flag & MP_REACH) {
      announce(announced, false, hop(hopA, 4, attrs.nexthop, null), false);
      for (let safi = 1; safi <= 3; safi++) {
        const a = attrs.announce[4 + safi];
        if (a) announce(a.prefixes, false, hop(hopA, 4, 0, a.nexthop), true);
      }
      for (let safi = 1; safi <= 3; safi++) {
        const a = attrs.announce[8 + safi];
        if (a) announce(a.prefixes, true, hop(hopA, 6, 0, a.nexthop), false);
      }
    }
  }
}

function v4AsV6(a: IpAddress): Uint8Array {
  if (a.afi === 2) return a.addr;
  const b = new Uint8Array(16);
  b[0] = a.addr >>> 24;
  b[1] = (a.addr >>> 16) & 255;
  b[2] = (a.addr >>> 8) & 255;
  b[3] = a.addr & 255;
  return b;
}
