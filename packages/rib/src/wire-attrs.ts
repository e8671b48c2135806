/**
 * Path Attributes kept as their wire bytes, one byte per UTF-16 code unit of a JS string.
 *
 * Why a string: a full table holds hundreds of thousands of distinct attribute sets. Decoded,
 * each is a tree of ~10 small objects (~300 bytes) that the garbage collector traces on every
 * major GC; as a one-byte string it is one leaf object of 16 bytes plus its length, which the
 * collector never looks into. The few fields the decision process reads on every comparison
 * are read straight from the string (`wireU32`), and the full {@link PathAttributes} object is
 * decoded only when something asks for it (export, policies, the change stream's `attrs`).
 */
import { createContext, decodePathAttributes, type PathAttributes } from "@tsbgp/bgp-wire";

/** Attribute type codes read in place (RFC 4271 §5, RFC 4456 §8). */
export const WireAttr = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MED: 4,
  LOCAL_PREF: 5,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
} as const;

/** The Extended Length attribute flag (RFC 4271 §4.3): a two-octet length follows the type. */
const EXTENDED_LENGTH = 0x10;

/**
 * The kept form of a Path Attributes field: one lead character saying how AS numbers are coded
 * (1: four octets, RFC 6793; 0: two), then the bytes. `String.fromCharCode` over an array, so
 * no Node `Buffer` is needed (the package stays usable outside Node); done once per distinct set.
 */
export function toWire(b: Uint8Array, asn4: boolean): string {
  const codes = scratchCodes(b.length + 1);
  codes[0] = asn4 ? 1 : 0;
  for (let i = 0; i < b.length; i++) codes[i + 1] = b[i]!;
  const CHUNK = 8192;
  if (codes.length <= CHUNK) return String.fromCharCode.apply(null, codes);
  let s = "";
  for (let i = 0; i < codes.length; i += CHUNK)
    s += String.fromCharCode.apply(null, codes.slice(i, i + CHUNK));
  // Only extended-message fields get here (rare): a rope of pieces, read correctly if slower.
  return s;
}

// `String.fromCharCode.apply` wants an array of exactly the field's length; a fresh one per
// field was ~90 MB of short-lived garbage over a full table. Arrays up to POOLED long are kept
// per length (at most ~0.5 MB in all), longer fields (rare) get a fresh one.
const POOLED = 512;
const scratch: (number[] | undefined)[] = [];

function scratchCodes(n: number): number[] {
  if (n > POOLED) return new Array<number>(n);
  let a = scratch[n];
  if (a === undefined) {
    a = new Array<number>(n).fill(0);
    scratch[n] = a;
  }
  return a;
}

/** The field's bytes back from {@link toWire}'s form. */
function wireToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length - 1);
  for (let i = 1; i < s.length; i++) out[i - 1] = s.charCodeAt(i);
  return out;
}

/**
 * Offset of the value of the first attribute of `type` and its length packed as
 * `offset * 65536 + length`, or -1 when absent. The string holds a field that decoded without
 * any problem, so the walk needs no bounds checks beyond the end of the string.
 */
function find(s: string, type: number): number {
  let i = 1;
  const n = s.length;
  while (i + 3 <= n) {
    const flags = s.charCodeAt(i);
    const t = s.charCodeAt(i + 1);
    let len: number;
    let at: number;
    if ((flags & EXTENDED_LENGTH) !== 0) {
      len = (s.charCodeAt(i + 2) << 8) | s.charCodeAt(i + 3);
      at = i + 4;
    } else {
      len = s.charCodeAt(i + 2);
      at = i + 3;
    }
    if (t === type) return at * 65536 + len;
    i = at + len;
  }
  return -1;
}

/** The four-octet value of a fixed-length attribute (MED, LOCAL_PREF, ORIGINATOR_ID), or undefined. */
export function wireU32(s: string, type: number): number | undefined {
  const f = find(s, type);
  if (f < 0) return undefined;
  return charU32(s, Math.floor(f / 65536));
}

/** The big-endian four-octet value at `at`. */
function charU32(s: string, at: number): number {
  return (
    ((s.charCodeAt(at) << 24) |
      (s.charCodeAt(at + 1) << 16) |
      (s.charCodeAt(at + 2) << 8) |
      s.charCodeAt(at + 3)) >>>
    0
  );
}

/** ORIGIN's value, or undefined when absent. */
export function wireOrigin(s: string): number | undefined {
  const f = find(s, WireAttr.ORIGIN);
  return f < 0 ? undefined : s.charCodeAt(Math.floor(f / 65536));
}

/** The value length of an attribute in octets, or -1 when absent (CLUSTER_LIST: 4 per ID). */
export function wireLength(s: string, type: number): number {
  const f = find(s, type);
  return f < 0 ? -1 : f % 65536;
}

/** Bits of an attribute set's packed facts (see {@link fieldFacts}): AS_PATH length below. */
export const Facts = {
  PATH_MASK: (1 << 21) - 1,
  HAS_MED: 1 << 21,
  HAS_LOCAL_PREF: 1 << 22,
  HAS_ORIGINATOR_ID: 1 << 23,
  HAS_CLUSTER_LIST: 1 << 24,
} as const;

/** The big-endian four-octet value at `at`. */
function byteU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** What {@link fieldFacts} found besides the packed facts (one object, reused: copy out). */
export const fieldFactsOut = { neighborAs: 0, nextHop: -1 };

/**
 * One walk over a Path Attributes field that decoded cleanly (`b`, AS numbers of 4 octets when
 * `asn4`): the AS_PATH length for the decision (AS_SEQUENCE counts its ASNs, AS_SET 1,
 * confederation segments 0; as `asPathLength`) packed with bits for the attributes present
 * that the decision and the import checks read ({@link Facts}), returned; the neighbouring AS
 * (as `neighborAs`) and the NEXT_HOP address (-1 when absent) in {@link fieldFactsOut}.
 */
export function fieldFacts(b: Uint8Array, asn4: boolean): number {
  const width = asn4 ? 4 : 2;
  const n = b.length;
  let facts = 0;
  let pathLength = 0;
  let neighbor = 0;
  let nextHop = -1;
  let i = 0;
  while (i + 3 <= n) {
    const flags = b[i]!;
    const type = b[i + 1]!;
    let at: number;
    let len: number;
    if ((flags & EXTENDED_LENGTH) !== 0) {
      len = (b[i + 2]! << 8) | b[i + 3]!;
      at = i + 4;
    } else {
      len = b[i + 2]!;
      at = i + 3;
    }
    i = at + len;
    switch (type) {
      case WireAttr.AS_PATH: {
        let neighborFound = false;
        for (let j = at; j + 2 <= i; ) {
          const segType = b[j]!;
          const count = b[j + 1]!;
          if (segType === 2) pathLength += count;
          else if (segType === 1) pathLength += 1;
          if (!neighborFound && (segType === 1 || segType === 2)) {
            neighborFound = true;
            neighbor = segType === 1 ? -1 : width === 4 ? byteU32(b, j + 2) : (b[j + 2]! << 8) | b[j + 3]!;
          }
          j += 2 + count * width;
        }
        break;
      }
      case WireAttr.NEXT_HOP:
        nextHop = byteU32(b, at);
        break;
      case WireAttr.MED:
        facts |= Facts.HAS_MED;
        break;
      case WireAttr.LOCAL_PREF:
        facts |= Facts.HAS_LOCAL_PREF;
        break;
      case WireAttr.ORIGINATOR_ID:
        facts |= Facts.HAS_ORIGINATOR_ID;
        break;
      case WireAttr.CLUSTER_LIST:
        facts |= Facts.HAS_CLUSTER_LIST;
        break;
    }
  }
  fieldFactsOut.neighborAs = neighbor;
  fieldFactsOut.nextHop = nextHop;
  return facts | Math.min(pathLength, Facts.PATH_MASK);
}

/**
 * As `asPathCount` over the decoded path: how often `asn` occurs in AS_PATH (segments: type,
 * count, then count AS numbers of the width the lead character names; the string holds a field
 * that decoded cleanly, so every segment is whole).
 */
export function wireAsCount(s: string, asn: number): number {
  const f = find(s, WireAttr.AS_PATH);
  if (f < 0) return 0;
  const width = s.charCodeAt(0) === 1 ? 4 : 2;
  let i = Math.floor(f / 65536);
  const end = i + (f % 65536);
  let n = 0;
  while (i + 2 <= end) {
    const count = s.charCodeAt(i + 1);
    i += 2;
    for (let k = 0; k < count; k++, i += width) {
      const a = width === 4 ? charU32(s, i) : (s.charCodeAt(i) << 8) | s.charCodeAt(i + 1);
      if (a === asn) n++;
    }
  }
  return n;
}

/** True when the four-octet list attribute `type` (CLUSTER_LIST) holds `v`. */
export function wireListHas(s: string, type: number, v: number): boolean {
  const f = find(s, type);
  if (f < 0) return false;
  const at = Math.floor(f / 65536);
  const end = at + (f % 65536);
  for (let i = at; i + 4 <= end; i += 4) if (charU32(s, i) === v >>> 0) return true;
  return false;
}

const CONTEXTS = [createContext({ asn4: false }), createContext({ asn4: true })] as const;

/**
 * Decodes a kept field again. Only IPv4 attribute sets without MP_REACH_NLRI are kept as wire
 * bytes, so the 4-octet-AS choice is the only part of the session's codec context that matters.
 */
export function decodeWire(s: string): PathAttributes {
  return decodePathAttributes(wireToBytes(s), CONTEXTS[s.charCodeAt(0) === 1 ? 1 : 0]).attributes;
}
