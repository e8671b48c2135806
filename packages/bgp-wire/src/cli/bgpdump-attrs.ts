/**
 * Path attributes read the way bgpdump 1.6 reads them (`process_attributes`): every attribute
 * sets a presence bit; a truncated attribute ends the list; values shorter than expected read
 * as zeros; MP_REACH/MP_UNREACH only for AFI ≤ 2 and SAFI ≤ 3, the first one per family wins;
 * a MP_REACH whose first byte is not 0 is the abbreviated next-hop-only form of TABLE_DUMP_V2
 * (RFC 6396 §4.3.4) and is filed as IPv6 unicast. The library's RFC 7606 decoder would reject or
 * repair some of these, so the bgpdump-compatible output needs this separate reading.
 */
import { type BgpdumpAsPath, makeAsPath, measuredAsPath, mergeAs4Path } from "./bgpdump-aspath.js";
import { BgpdumpPrefixList, readPrefixList } from "./bgpdump-prefixes.js";
import { BgpdumpStream } from "./bgpdump-stream.js";

/** "No value" for addresses, as bgpdump's INADDR_NONE. */
export const INADDR_NONE = 0xffffffff;
const AS_TRANS = 23456;

/** One MP_REACH/MP_UNREACH family. */
export interface BgpdumpMpNlri {
  /** Next hop length byte (MP_REACH only). */
  readonly nexthopLen: number;
  /** Next hop: 4 bytes for AFI 1, 16 for AFI 2 (MP_REACH only). */
  readonly nexthop: Uint8Array;
  readonly prefixes: BgpdumpPrefixList;
}

/** The attribute values bgpdump prints. */
export interface BgpdumpAttrs {
  /** Presence bits: bit (type - 1) for each attribute type seen. */
  flag: number;
  origin: number;
  asPath: BgpdumpAsPath | null;
  nexthop: number;
  med: number;
  localPref: number;
  aggregatorAs: number;
  aggregatorAddr: number;
  /** COMMUNITIES value: buffer, offset and count of 4-byte values (`communityAt` < 0: none). */
  communityBytes: Uint8Array;
  communityAt: number;
  communityCount: number;
  newAsPath: BgpdumpAsPath | null;
  newAggregatorAs: number;
  newAggregatorAddr: number;
  /** Indexed `afi * 4 + safi` (afi 1..2, safi 1..3). */
  readonly announce: (BgpdumpMpNlri | undefined)[];
  readonly withdraw: (BgpdumpMpNlri | undefined)[];
}

/** Presence bit of an attribute type. */
export function attrBit(type: number): number {
  return 1 << (type - 1);
}

const ZERO16 = new Uint8Array(16);
/** The (never filled) prefix list of an abbreviated MP_REACH. */
const EMPTY = new BgpdumpPrefixList(0);

/** The MP tables of `shared` hold entries from the previous call. */
let dirty = false;

const shared: BgpdumpAttrs = {
  flag: 0,
  origin: -1,
  asPath: null,
  nexthop: INADDR_NONE,
  med: 0,
  localPref: 0,
  aggregatorAs: 0,
  aggregatorAddr: INADDR_NONE,
  communityBytes: new Uint8Array(0),
  communityAt: -1,
  communityCount: 0,
  newAsPath: null,
  newAggregatorAs: 0,
  newAggregatorAddr: INADDR_NONE,
  announce: new Array<BgpdumpMpNlri | undefined>(12).fill(undefined),
  withdraw: new Array<BgpdumpMpNlri | undefined>(12).fill(undefined),
};

/**
 * Reads an attribute block as bgpdump does; `list` spans exactly the block (without its length).
 * The result is reused by the next call: use it before reading the next block.
 *
 * @param asnLen AS number width of the record (2 or 4)
 * @param addPath NLRI inside MP_REACH/MP_UNREACH carry path ids
 */
export function readBgpdumpAttrs(list: BgpdumpStream, asnLen: 2 | 4, addPath: boolean): BgpdumpAttrs {
  // One object serves every record: the formatter is done with it before the next call.
  const a = shared;
  a.flag = 0;
  a.origin = -1;
  a.asPath = null;
  a.nexthop = INADDR_NONE;
  a.med = 0;
  a.localPref = 0;
  a.aggregatorAs = 0;
  a.aggregatorAddr = INADDR_NONE;
  a.communityAt = -1;
  a.newAsPath = null;
  a.newAggregatorAs = 0;
  a.newAggregatorAddr = INADDR_NONE;
  if (dirty) {
    a.announce.fill(undefined);
    a.withdraw.fill(undefined);
    dirty = false;
  }
  while (list.left > 0) readOne(list, a, asnLen, addPath);
  as4Transition(a, asnLen);
  return a;
}

/** The two paths of `shared` (reused: like it, they live until the next block is read). */
const asPathSlot = makeAsPath(new Uint8Array(0), 0, 0, 4);
const newAsPathSlot = makeAsPath(new Uint8Array(0), 0, 0, 4);

/** One attribute's value; reused for every attribute (they are read one after the other). */
const value = new BgpdumpStream(new Uint8Array(0), 0, 0);

function readOne(outer: BgpdumpStream, a: BgpdumpAttrs, asnLen: 2 | 4, addPath: boolean): void {
  const flag = outer.getc();
  const type = outer.getc();
  const len = flag & 0x10 ? outer.getw() : outer.getc();
  const s = outer.copyInto(len, value);
  if (s.left !== len) return; // truncated attribute: bgpdump warns and stops the list here
  if (type <= 32) a.flag |= attrBit(type);
  switch (type) {
    case 14:
      dirty = true;
      mpReach(s, a, addPath);
      break;
    case 15:
      dirty = true;
      mpUnreach(s, a, addPath);
      break;
    case 1:
      a.origin = s.getc();
      break;
    case 2:
      a.asPath = makeAsPath(s.b, s.pos, s.end, asnLen, asPathSlot);
      break;
    case 3:
      a.nexthop = s.getl();
      break;
    case 4:
      a.med = s.getl();
      break;
    case 5:
      a.localPref = s.getl();
      break;
    case 7:
      a.aggregatorAs = asnLen === 4 ? s.getl() : s.getw();
      a.aggregatorAddr = s.getl();
      break;
    case 8:
      // Rendered straight into the output by `writeCommunities` (no intermediate string).
      a.communityBytes = s.b;
      a.communityAt = s.pos;
      a.communityCount = len >> 2;
      break;
    case 17:
      a.newAsPath = makeAsPath(s.b, s.pos, s.end, 4, newAsPathSlot);
      break;
    case 18:
      a.newAggregatorAs = s.getl();
      a.newAggregatorAddr = s.getl();
      break;
    default:
      break;
  }
}

function nexthop(s: BgpdumpStream, afi: number): { nexthopLen: number; nexthop: Uint8Array } {
  const nexthopLen = s.getc();
  if (afi === 1) {
    const nh = new Uint8Array(4);
    s.getInto(nh, 0, 4);
    return { nexthopLen, nexthop: nh };
  }
  const nh = new Uint8Array(16);
  s.getInto(nh, 0, 16);
  if (nexthopLen === 32) s.skip(16); // link-local next hop (RFC 2545 §3), not printed by -m
  return { nexthopLen, nexthop: nh };
}

function mpReach(s: BgpdumpStream, a: BgpdumpAttrs, addPath: boolean): void {
  // RFC 6396 §4.3.4: in TABLE_DUMP_V2 the attribute holds only next hop length + next hop.
  const first = s.pos < s.lim ? s.b[s.pos]! : 0;
  if (first !== 0) {
    const nh = nexthop(s, 2);
    a.announce[2 * 4 + 1] = { ...nh, prefixes: EMPTY };
    return;
  }
  const afi = s.getw();
  const safi = s.getc();
  if (afi > 2 || safi > 3) return;
  if (a.announce[afi * 4 + safi]) return;
  const nh = nexthop(s, afi);
  let snpa = s.getc();
  for (; snpa > 0; snpa--) s.skip(s.getc());
  a.announce[afi * 4 + safi] = { ...nh, prefixes: readPrefixList(s, addPath) };
}

function mpUnreach(s: BgpdumpStream, a: BgpdumpAttrs, addPath: boolean): void {
  const afi = s.getw();
  const safi = s.getc();
  if (afi > 2 || safi > 3) return;
  if (a.withdraw[afi * 4 + safi]) return;
  a.withdraw[afi * 4 + safi] = { nexthopLen: 0, nexthop: ZERO16, prefixes: readPrefixList(s, addPath) };
}

/**
 * bgpdump's RFC 6793 handling for 2-octet records: AS4_AGGREGATOR replaces an AGGREGATOR of
 * AS_TRANS (and, quirk, an AGGREGATOR of any other AS stops the processing before the AS path
 * merge); AS4_PATH is merged only when AS_PATH is present and not shorter (RFC 6793 §4.2.3).
 */
function as4Transition(a: BgpdumpAttrs, asnLen: 2 | 4): void {
  if (asnLen === 4) return;
  if (a.flag & attrBit(7) && a.flag & attrBit(18)) {
    if (a.aggregatorAs !== AS_TRANS) return;
    a.aggregatorAs = a.newAggregatorAs;
    a.aggregatorAddr = a.newAggregatorAddr;
  }
  if (!(a.flag & attrBit(17)) || !a.newAsPath) return;
  if (!a.asPath) return;
  if (measuredAsPath(a.asPath).count < measuredAsPath(a.newAsPath).count) return;
  a.asPath = mergeAs4Path(a.asPath, a.newAsPath);
}
