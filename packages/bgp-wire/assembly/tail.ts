/**
 * The attribute tail of a line, `as_path|origin|next_hop|local_pref|med|communities|AG/NAG|aggregator|`,
 * from an attribute block read the way bgpdump 1.6 reads it (see src/cli/bgpdump-attrs.ts and
 * bgpdump-tail.ts, which this reproduces for 4-octet AS blocks: every read past a value's end
 * gives zeros, a truncated attribute ends the list, the first IPv6 unicast MP_REACH wins unless
 * an abbreviated one (RFC 6396 §4.3.4) comes later).
 */
import { be16, be32, MP6, word } from "./layout";
import { putIpv4, putIpv6, putUint } from "./text";

/** bgpdump stops a path's text after about 7900 characters and appends "...". */
const MAX_TEXT: usize = 7900;

// ---- bgpdump's bounded reads of one attribute value [rp, re) ----
let rp: usize = 0;
let re: usize = 0;
function rc(): u32 {
  return rp < re ? <u32>load<u8>(rp++) : 0;
}
function rw(): u32 {
  if (re - rp >= 2) {
    const v = be16(rp);
    rp += 2;
    return v;
  }
  return rc() << 8;
}
function rl(): u32 {
  if (re - rp >= 4) {
    const v = be32(rp);
    rp += 4;
    return v;
  }
  let v: u32 = 0;
  for (let i = 0; i < 4; i++) v = (v << 8) | rc();
  return v;
}
/** 16 bytes into MP6, zeros for what is missing. */
function r16(): void {
  const take = min<usize>(re - rp, 16);
  for (let i: usize = 0; i < 16; i++) store<u8>(MP6 + i, i < take ? load<u8>(rp + i) : 0);
  rp += take;
}

// ---- attribute state of the block being rendered ----
let aFlag: u32 = 0;
let aOrigin: i32 = -1;
let asS: usize = 0;
let asE: usize = 0;
let hasAs = false;
let aNexthop: u32 = 0;
let aMed: u32 = 0;
let aLp: u32 = 0;
let aggAs: u32 = 0;
let aggAddr: u32 = 0;
let commAt: usize = 0;
let commCount: u32 = 0;
let hasComm = false;
let mp6 = false;

function readAttrs(s: usize, e: usize): void {
  aFlag = 0;
  aOrigin = -1;
  hasAs = false;
  aNexthop = 0xffffffff;
  aMed = 0;
  aLp = 0;
  aggAs = 0;
  aggAddr = 0xffffffff;
  hasComm = false;
  mp6 = false;
  let q = s;
  while (q < e) {
    const fl = load<u8>(q++);
    const type: u32 = q < e ? load<u8>(q++) : 0;
    let len: usize;
    if (fl & 0x10) {
      if (e - q >= 2) {
        len = be16(q);
        q += 2;
      } else len = q < e ? (<usize>load<u8>(q++)) << 8 : 0;
    } else len = q < e ? load<u8>(q++) : 0;
    const vs = q;
    const take = min<usize>(len, e - q);
    q += take;
    if (take !== len) break; // truncated attribute: bgpdump stops the list here
    if (type <= 32) aFlag |= 1 << (type - 1);
    rp = vs;
    re = vs + len;
    switch (type) {
      case 1:
        aOrigin = rc();
        break;
      case 2:
        asS = vs;
        asE = re;
        hasAs = true;
        break;
      case 3:
        aNexthop = rl();
        break;
      case 4:
        aMed = rl();
        break;
      case 5:
        aLp = rl();
        break;
      case 7:
        aggAs = rl();
        aggAddr = rl();
        break;
      case 8:
        commAt = vs;
        commCount = <u32>(len >> 2);
        hasComm = true;
        break;
      case 14: {
        // RFC 6396 §4.3.4: the abbreviated form (next hop length + next hop) when the first
        // byte is not 0; bgpdump peeks at it even past the value, within the block.
        const first: u32 = vs < e ? load<u8>(vs) : 0;
        if (first !== 0) {
          rc();
          r16();
          mp6 = true;
          break;
        }
        const afi = rw();
        const safi = rc();
        if (afi === 2 && safi === 1 && !mp6) {
          rc();
          r16();
          mp6 = true;
        }
        break;
      }
      default:
        break;
    }
  }
}

function writeAsPath(w: usize): usize {
  const w0 = w;
  let space = false;
  let prevType: u32 = 2;
  let lastType: i32 = -1;
  let pos = asS;
  const end = asE;
  while (pos < end) {
    const type: u32 = load<u8>(pos);
    const n: usize = pos + 1 < end ? load<u8>(pos + 1) : 0;
    if (type < 1 || type > 4 || pos + n * 4 + 2 > end) {
      // "! Error !"
      store<u64>(w0, word(0x20726f72, 0x72452021)); // "! Error "
      store<u8>(w0 + 8, 33);
      return w0 + 9;
    }
    if (prevType !== 2) store<u8>(w++, prevType === 1 ? 125 : prevType === 3 ? 41 : 93);
    if (space) store<u8>(w++, 32);
    if (type !== 2) store<u8>(w++, type === 1 ? 123 : type === 3 ? 40 : 91);
    space = false;
    const sep: u8 = type === 1 || type === 4 ? 44 : 32;
    let q = pos + 2;
    for (let i: usize = 0; i < n; i++, q += 4) {
      if (space) store<u8>(w++, sep);
      else space = true;
      w = putUint(w, be32(q));
      if (w - w0 > MAX_TEXT) {
        store<u8>(w, 46);
        store<u8>(w + 1, 46);
        store<u8>(w + 2, 46);
        return w + 3;
      }
    }
    prevType = type;
    lastType = <i32>type;
    pos += n * 4 + 2;
  }
  if (lastType !== -1 && lastType !== 2) store<u8>(w++, lastType === 1 ? 125 : lastType === 3 ? 41 : 93);
  return w;
}

/** Renders the tail of the block [s, e) at `w`. */
export function writeTail(w: usize, s: usize, e: usize): usize {
  readAttrs(s, e);
  if (hasAs && aFlag & (1 << 1)) w = writeAsPath(w);
  store<u8>(w++, 124);
  if (aOrigin === 0) {
    store<u32>(w, 0x7c504749); // "IGP|"
    w += 4;
  } else if (aOrigin === 1) {
    store<u32>(w, 0x7c504745); // "EGP|"
    w += 4;
  } else {
    store<u16>(w, 0x4e49); // "IN" + "COMPLETE"
    store<u64>(w + 2, word(0x4554454c, 0x504d4f43));
    store<u8>(w + 10, 124);
    w += 11;
  }
  if (aFlag & (1 << 13) && mp6) w = putIpv6(w, MP6);
  else w = putIpv4(w, aNexthop);
  store<u8>(w++, 124);
  w = putUint(w, aFlag & (1 << 4) ? aLp : 0);
  store<u8>(w++, 124);
  w = putUint(w, aFlag & (1 << 3) ? aMed : 0);
  store<u8>(w++, 124);
  if (hasComm && aFlag & (1 << 7)) {
    let o = commAt;
    for (let i: u32 = 0; i < commCount; i++, o += 4) {
      if (i > 0) store<u8>(w++, 32);
      const hi = be16(o);
      const lo = be16(o + 2);
      if (hi === 0xffff && lo >= 0xff01 && lo <= 0xff03) {
        if (lo === 0xff01) {
          store<u64>(w, word(0x726f7078, 0x652d6f6e)); // "no-expor"
          store<u8>(w + 8, 116); // t
          w += 9;
        } else if (lo === 0xff02) {
          store<u64>(w, word(0x72657664, 0x612d6f6e)); // "no-adver"
          store<u32>(w + 8, 0x65736974);
          w += 12;
        } else {
          // "local-AS"
          store<u64>(w, word(0x53412d6c, 0x61636f6c));
          w += 8;
        }
      } else {
        w = putUint(w, hi);
        store<u8>(w++, 58);
        w = putUint(w, lo);
      }
    }
  }
  store<u8>(w++, 124);
  if (aFlag & (1 << 5)) {
    store<u16>(w, 0x4741); // "AG"
    w += 2;
  } else {
    store<u16>(w, 0x414e); // "NA"
    store<u8>(w + 2, 71);
    w += 3;
  }
  store<u8>(w++, 124);
  if (aggAddr !== 0xffffffff) {
    w = putUint(w, aggAs);
    store<u8>(w++, 32);
    w = putIpv4(w, aggAddr);
  }
  store<u16>(w, 0x0a7c); // "|\n"
  return w + 2;
}
