/**
 * `bgpdump -m` lines of TABLE_DUMP_V2 RIB_IPV4_UNICAST / RIB_IPV6_UNICAST records and their
 * ADD-PATH forms (RFC 6396 §4.3.2, RFC 8050 §4), in AssemblyScript compiled to WebAssembly for
 * the `tsbgp-mrt` CLI (see `src/cli/wasm-rib.ts`, which loads it, and `build-wasm.mjs`, which
 * builds it). It reproduces `src/cli/bgpdump-rib.ts` + `bgpdump-attrs.ts` + `bgpdump-tail.ts`
 * byte for byte for these records: the JS path stays the reference, and the tests compare both.
 *
 * Raw linear memory only (no AssemblyScript objects, the `stub` runtime): the host copies a
 * record to `IN`, calls `rib`, and lines accumulate at `OUT`; when `OUT` is full the module calls
 * the imported `flush(ptr, len)`. Rendered attribute tails are cached per distinct attribute block
 * (a RIB repeats blocks: the RouteViews sample has 269,914 entries and 87,151 distinct blocks):
 * see tail-cache.ts. The parts: layout.ts (memory), text.ts (numbers, addresses), tail.ts
 * (attributes), tail-cache.ts; this file holds the entry points and the line loop.
 */

import { find, generation, hashBytes, add, initCache, keyEquals, noteInput } from "./tail-cache";
import { copyWords, initTables, putIpv4, putIpv6, putUint } from "./text";
import { writeTail } from "./tail";
import { ADDR6, HEADPRE, IN, IN_CAP, OUT, OUT_CAP, PEERS, PEER_SLOT, PFX, be16, be32, word } from "./layout";

/** Hands `len` bytes of output at `ptr` to the host (which writes them out). */
declare function flush(ptr: usize, len: usize): void;

/** End of the output written so far. */
let outPos: usize = OUT;

/** Prepares a fresh instance: the digit tables, an empty output and cache. */
export function init(): void {
  initTables();
  outPos = OUT;
  initCache();
}

/** Where the host copies records (see {@link rib}, {@link ribRun}). */
export function inBase(): usize {
  return IN;
}
/** Bytes of input the module takes at once. */
export function inCap(): usize {
  return IN_CAP;
}
/** The peer slots: the host writes each peer's `ip|asn|` there (see layout.ts). */
export function peersBase(): usize {
  return PEERS;
}
/** Start of the output lines. */
export function outBase(): usize {
  return OUT;
}
/** Bytes of output not yet handed to the host. */
export function outLength(): usize {
  return outPos - OUT;
}
/** Empties the output (after the host has taken it). */
export function outReset(): void {
  outPos = OUT;
}
/** Forgets the peers 0..n-1 (before a new PEER_INDEX_TABLE). */
export function clearPeers(n: u32): void {
  memory.fill(PEERS, 0, <usize>n * PEER_SLOT);
}

function room(n: usize): void {
  if (outPos + n > OUT + OUT_CAP) {
    flush(OUT, outPos - OUT);
    outPos = OUT;
  }
}

// ---- records ----

/**
 * The RIB_AFI_SAFI record (RFC 6396 §4.3.2, RFC 8050 §4) of `len` bytes (MRT header included)
 * at IN, subtype `sub` (2, 4, 8 or 10). Returns 0, having written nothing, when a field runs past
 * the record or the prefix is too long (the caller's library decoder reports it); else 1.
 */
export function rib(len: usize, sub: u32): u32 {
  noteInput(len);
  return ribAt(IN, len, sub);
}

/** Records written by the last {@link ribRun}. */
let runRecords: u32 = 0;

/** Number of records written by the last {@link ribRun}. */
export function runCount(): u32 {
  return runRecords;
}

/**
 * Writes the consecutive RIB records (TABLE_DUMP_V2 subtypes 2, 4, 8, 10) at IN[0, len) up to
 * the first record that is not one, is not whole, or is malformed (see {@link rib}); returns the
 * bytes of the records written (the caller handles the record it stopped at).
 */
export function ribRun(len: usize): usize {
  noteInput(len);
  let p: usize = 0;
  runRecords = 0;
  while (p + 12 <= len) {
    const at = IN + p;
    const size = <u64>be32(at + 8) + 12;
    if (size > <u64>(len - p) || be16(at + 4) !== 13) break;
    const sub = be16(at + 6);
    if ((sub !== 2 && sub !== 4 && sub !== 8 && sub !== 10) || ribAt(at, <usize>size, sub) === 0) break;
    runRecords++;
    p += <usize>size;
  }
  return p;
}

/**
 * Writes a line's head at `w`: the record's `TABLE_DUMP2|time|B|` (at HEADPRE, `hlen` bytes), the
 * peer's `ip|asn|` (its slot, `pl` bytes), the prefix's `addr/len|` (at PFX, `flen` bytes) and,
 * with ADD-PATH, `path_id|`. Returns where the attribute tail goes.
 */
function lineHead(
  w: usize,
  hlen: usize,
  slot: usize,
  pl: usize,
  flen: usize,
  addPath: bool,
  pathId: u32,
): usize {
  copyWords(w, HEADPRE, hlen);
  w += hlen;
  copyWords(w, slot + 1, pl);
  w += pl;
  copyWords(w, PFX, flen);
  w += flen;
  if (addPath) {
    w = putUint(w, pathId);
    store<u8>(w++, 124);
  }
  return w;
}

/** {@link rib} for the record at `base`. */
function ribAt(base: usize, len: usize, sub: u32): u32 {
  const v4 = sub === 2 || sub === 8;
  const addPath = sub >= 8;
  const end = base + len;
  let p = base + 16;
  if (p + 1 > end) return 0;
  const plen: u32 = load<u8>(p++);
  if (plen > (v4 ? 32 : 128)) return 0;
  const n: usize = (plen + 7) >> 3;
  if (p + n + 2 > end) return 0;
  const prefixAt = p;
  p += n;
  const cnt = be16(p);
  p += 2;
  const fixed: usize = addPath ? 12 : 8;
  let q = p;
  for (let i: u32 = 0; i < cnt; i++) {
    if (q + fixed > end) return 0;
    q += fixed + be16(q + fixed - 2);
    if (q > end) return 0;
  }
  // Head start: "TABLE_DUMP2[_AP]|time|B|"
  let h = HEADPRE;
  // "TABLE_DU" "MP2|"
  store<u64>(h, word(0x55445f45, 0x4c424154));
  store<u32>(h + 8, 0x7c32504d); // "MP2|"
  h += 11;
  if (addPath) {
    store<u32>(h, 0x7c50415f); // "_AP|"
    h += 3;
  }
  store<u8>(h++, 124);
  h = putUint(h, be32(base));
  store<u32>(h, 0x7c427c); // "|B|"
  h += 3;
  const hlen = h - HEADPRE;
  // Prefix "addr/len|"
  let f = PFX;
  if (v4) {
    let a: u32 = 0;
    for (let i: usize = 0; i < n; i++) a |= (<u32>load<u8>(prefixAt + i)) << (24 - 8 * <u32>i);
    f = putIpv4(f, a);
  } else {
    memory.fill(ADDR6, 0, 16);
    for (let i: usize = 0; i < n; i++) store<u8>(ADDR6 + i, load<u8>(prefixAt + i));
    f = putIpv6(f, ADDR6);
  }
  store<u8>(f++, 47);
  f = putUint(f, plen);
  store<u8>(f++, 124);
  const flen = f - PFX;
  for (let i: u32 = 0; i < cnt; i++) {
    const peer = be16(p);
    const pathId = addPath ? be32(p + 6) : 0;
    const s = p + fixed;
    const e = s + be16(s - 2);
    p = e;
    const slot = PEERS + <usize>peer * PEER_SLOT;
    const pl: usize = load<u8>(slot);
    if (pl === 0) continue; // a peer missing from the table: no line, as in bgpdump
    // The peer's previous block first (consecutive prefixes often share one), then the index.
    let m: usize = 0;
    const memo: usize = load<u32>(slot + 56);
    if (memo !== 0 && load<u32>(slot + 60) === generation && keyEquals(memo, s, e - s)) m = memo;
    let hs: u32 = 0;
    if (m === 0) {
      hs = hashBytes(s, e);
      m = find(s, e, hs);
    }
    if (m !== 0) {
      store<u32>(slot + 56, <u32>m);
      store<u32>(slot + 60, generation);
      const tl: usize = load<u32>(m + 8);
      room(hlen + pl + flen + 11 + tl + 16);
      const w = lineHead(outPos, hlen, slot, pl, flen, addPath, pathId);
      copyWords(w, m + 16 + load<u32>(m + 4), tl);
      outPos = w + tl;
      continue;
    }
    room(hlen + pl + flen + 11 + 8 * (e - s) + 512);
    const w = lineHead(outPos, hlen, slot, pl, flen, addPath, pathId);
    const te = writeTail(w, s, e);
    m = add(s, e, hs, w, te - w);
    if (m !== 0) {
      store<u32>(slot + 56, <u32>m);
      store<u32>(slot + 60, generation);
    }
    outPos = te;
  }
  return 1;
}
