/**
 * Path Attributes kept as their wire bytes in a {@link WireArena} slab: the "kept form" of a
 * field is one lead byte saying how AS numbers are coded (1: four octets, RFC 6793; 0: two), then
 * the field's bytes. A reader here takes the slab, the lead byte's offset `o` and the kept
 * form's length `n` (the field's plus one).
 *
 * Why wire bytes: a full table holds hundreds of thousands of distinct attribute sets. Decoded,
 * each is a tree of ~10 small objects (~300 bytes) that the garbage collector traces on every
 * major GC; kept as bytes outside the JavaScript heap, the collector never sees them (see
 * wire-arena.ts for why not a string each). The few fields the decision process reads on every
 * comparison are read straight from the bytes (`wireU32`), and the full {@link PathAttributes}
 * object is decoded only when something asks for it (export, policies, the change stream's
 * `attrs`).
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
 * Offset (from `o`) of the value of the first attribute of `type` and its length packed as
 * `offset * 65536 + length`, or -1 when absent. The kept form is of a field that decoded without
 * any problem, so the walk needs no bounds checks beyond its end.
 */
function find(b: Uint8Array, o: number, n: number, type: number): number {
  let i = 1;
  while (i + 3 <= n) {
    const flags = b[o + i]!;
    const t = b[o + i + 1]!;
    let len: number;
    let at: number;
    if ((flags & EXTENDED_LENGTH) !== 0) {
      len = (b[o + i + 2]! << 8) | b[o + i + 3]!;
      at = i + 4;
    } else {
      len = b[o + i + 2]!;
      at = i + 3;
    }
    if (t === type) return at * 65536 + len;
    i = at + len;
  }
  return -1;
}

/** The four-octet value of a fixed-length attribute (MED, LOCAL_PREF, ORIGINATOR_ID), or undefined. */
export function wireU32(b: Uint8Array, o: number, n: number, type: number): number | undefined {
  const f = find(b, o, n, type);
  if (f < 0) return undefined;
  return byteU32(b, o + Math.floor(f / 65536));
}

/** ORIGIN's value, or undefined when absent. */
export function wireOrigin(b: Uint8Array, o: number, n: number): number | undefined {
  const f = find(b, o, n, WireAttr.ORIGIN);
  return f < 0 ? undefined : b[o + Math.floor(f / 65536)];
}

/** The value length of an attribute in octets, or -1 when absent (CLUSTER_LIST: 4 per ID). */
export function wireLength(b: Uint8Array, o: number, n: number, type: number): number {
  const f = find(b, o, n, type);
  return f < 0 ? -1 : f % 65536;
}

/** Bits of an attribute set's packed facts (see {@link fieldFacts}): AS_PATH length below. */
export const Facts = {
  PATH_MASK: (1 << 21) - 1,
  HAS_MED: 1 << 21,
  HAS_LOCAL_PREF: 1 << 22,
  HAS_ORIGINATOR_ID: 1 << 23,
  HAS_CLUSTER_LIST: 1 << 24,
  /**
   * How often the store's own AS occurs in AS_PATH, plus one (1..7 for 0..6), in 3 bits from
   * here; 0 when not counted (no own AS given, or 7 and more: the caller walks the path then).
   */
  OWN_AS_SHIFT: 25,
} as const;

/** The big-endian four-octet value at `at`. */
function byteU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** The AS number at `at`, `width` octets (4, RFC 6793; or 2). */
function asnAt(b: Uint8Array, at: number, width: number): number {
  return width === 4 ? byteU32(b, at) : (b[at]! << 8) | b[at + 1]!;
}

/** What {@link fieldFacts} found besides the packed facts (one object, reused: copy out). */
export const fieldFactsOut = { neighborAs: 0, nextHop: -1 };

/**
 * One walk over a Path Attributes field that decoded cleanly (`b[from, to)`, AS numbers of 4 octets when
 * `asn4`): the AS_PATH length for the decision (AS_SEQUENCE counts its ASNs, AS_SET 1,
 * confederation segments 0; as `asPathLength`) packed with bits for the attributes present
 * that the decision and the import checks read ({@link Facts}), returned; the neighbouring AS
 * (as `neighborAs`) and the NEXT_HOP address (-1 when absent) in {@link fieldFactsOut}. With
 * `ownAs` (0 or more), also how often that AS occurs in AS_PATH (`Facts.OWN_AS_SHIFT`).
 */
export function fieldFacts(b: Uint8Array, from: number, to: number, asn4: boolean, ownAs = -1): number {
  const width = asn4 ? 4 : 2;
  let own = 0;
  const n = to;
  let facts = 0;
  let pathLength = 0;
  let neighbor = 0;
  let nextHop = -1;
  let i = from;
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
            neighbor = segType === 1 ? -1 : asnAt(b, j + 2, width);
          }
          // The loop check's count of our AS, in this same walk (as wireAsCount: every segment).
          if (ownAs >= 0)
            for (let k = j + 2, end = k + count * width; k < end; k += width)
              if (asnAt(b, k, width) === ownAs) own++;
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
  if (ownAs >= 0 && own < 7) facts |= (own + 1) << Facts.OWN_AS_SHIFT;
  return facts | Math.min(pathLength, Facts.PATH_MASK);
}

/**
 * As `asPathCount` over the decoded path: how often `asn` occurs in AS_PATH (segments: type,
 * count, then count AS numbers of the width the lead byte names; the kept form is of a field
 * that decoded cleanly, so every segment is whole).
 */
export function wireAsCount(b: Uint8Array, o: number, n: number, asn: number): number {
  const f = find(b, o, n, WireAttr.AS_PATH);
  if (f < 0) return 0;
  const width = b[o] === 1 ? 4 : 2;
  let i = o + Math.floor(f / 65536);
  const end = i + (f % 65536);
  let count = 0;
  while (i + 2 <= end) {
    const segCount = b[i + 1]!;
    i += 2;
    for (let k = 0; k < segCount; k++, i += width) {
      if (asnAt(b, i, width) === asn) count++;
    }
  }
  return count;
}

/** True when the four-octet list attribute `type` (CLUSTER_LIST) holds `v`. */
export function wireListHas(b: Uint8Array, o: number, n: number, type: number, v: number): boolean {
  const f = find(b, o, n, type);
  if (f < 0) return false;
  const at = o + Math.floor(f / 65536);
  const end = at + (f % 65536);
  for (let i = at; i + 4 <= end; i += 4) if (byteU32(b, i) === v >>> 0) return true;
  return false;
}

const CONTEXTS = [createContext({ asn4: false }), createContext({ asn4: true })] as const;

/**
 * Decodes a kept field again. Only IPv4 attribute sets without MP_REACH_NLRI are kept as wire
 * bytes, so the 4-octet-AS choice is the only part of the session's codec context that matters.
 */
export function decodeWire(b: Uint8Array, o: number, n: number): PathAttributes {
  // A copy: the decoded object may hold views of its input, and the slab is not ours to lend.
  return decodePathAttributes(b.slice(o + 1, o + n), CONTEXTS[b[o] === 1 ? 1 : 0]).attributes;
}
