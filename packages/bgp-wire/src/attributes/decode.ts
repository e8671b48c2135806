/**
 * Decoding the Path Attributes field of an UPDATE (RFC 4271 §4.3) with the RFC 7606 error
 * handling. Each attribute:
 * ```
 * +-------------+-----------+---------------------------+-----------------+
 * | flags (1)   | type (1)  | length (1, or 2 when the  | value           |
 * | O T P E     |           | Extended Length bit is set)|                 |
 * +-------------+-----------+---------------------------+-----------------+
 * ```
 * Survivable problems (attribute discard, treat-as-withdraw) are returned as data in
 * `problems`; the ones that end the session or the family (duplicate MP_REACH/MP_UNREACH,
 * malformed MP_REACH/MP_UNREACH, an unrecognized well-known attribute) are thrown as
 * {@link BgpWireError}.
 */
import { AttrFlag, AttrType, attrTypeName } from "../constants.js";
import type { CodecContext } from "../context.js";
import {
  BgpWireError,
  ErrorCode,
  isBgpWireError,
  Rfc7606Action,
  type Rfc7606ActionName,
  strongerAction,
  UpdateSubcode,
} from "../errors.js";
import type { PathAttributes, RawAttribute } from "../types/attributes.js";
import { attrError, MalformedAttribute } from "./attr-error.js";
import type { AttrSlice, MutablePathAttributes } from "./descriptor.js";
import { attributeDescriptor } from "./table.js";

/** Result of {@link decodePathAttributes}. */
export interface DecodedPathAttributes {
  /** The attributes that survived (discarded ones are absent). Values may alias the input. */
  readonly attributes: PathAttributes;
  /** Survivable RFC 7606 problems, in the order found; empty when clean. */
  readonly problems: readonly BgpWireError[];
  /** The strongest action among `problems` (RFC 7606 §3 (h)), absent when there are none. */
  readonly action?: Rfc7606ActionName;
}

/** The slice handed to descriptors: one object, reused for every attribute of every walk. */
class Slice implements AttrSlice {
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  len = 0;
  base = 0;
}
const slice = new Slice();

// Duplicate detection without a per-call allocation: seen[type] === generation means "seen".
const seen = new Uint32Array(256);
let generation = 0;
function nextGeneration(): number {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    seen.fill(0);
    generation = 1;
  }
  return generation;
}

const OT_BITS = AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE;

/**
 * Walks the attributes. `full` decodes every value and records problems; otherwise only the
 * checks that throw run (framing, duplicates of MP_*, unknown well-known, MP_* values), and the
 * MP_* values land in `out` so a later full walk need not decode them again.
 */
function walk(
  bytes: Uint8Array,
  from: number,
  n: number,
  ctx: CodecContext,
  base: number,
  full: boolean,
  out: MutablePathAttributes,
  problems: BgpWireError[],
): void {
  const s = slice;
  s.bytes = bytes;
  s.base = base;
  const gen = nextGeneration();
  const order: number[] | undefined = full ? [] : undefined;
  const flagList: number[] | undefined = full ? [] : undefined;
  let unknown: RawAttribute[] | undefined;
  let i = from;
  while (i < n) {
    const at = i;
    const flags = bytes[i] as number;
    const hdr = flags & AttrFlag.EXTENDED_LENGTH ? 4 : 3;
    // RFC 7606 §4: too few octets for an attribute header, or a length past the field's end,
    // is treat-as-withdraw; the Total Attribute Length still locates the NLRI.
    if (n - i < hdr) {
      if (full)
        problems.push(
          attrError(
            "attribute header truncated",
            UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
            Rfc7606Action.TREAT_AS_WITHDRAW,
            base + i,
          ),
        );
      break;
    }
    const type = bytes[i + 1] as number;
    const len =
      hdr === 4 ? ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number) : (bytes[i + 2] as number);
    const start = i + hdr;
    if (start + len > n) {
      if (type === AttrType.MP_REACH_NLRI || type === AttrType.MP_UNREACH_NLRI) {
        // Treat-as-withdraw needs the prefixes, and a cut MP_* attribute hides them: the
        // NLRI cannot be located, so RFC 7606 §5.3 leaves a session reset.
        throw attrError(
          `${attrTypeName(type)}: length ${len} overruns the path attributes`,
          UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
          Rfc7606Action.SESSION_RESET,
          base + i,
          bytes.subarray(at, n),
        );
      }
      if (full)
        problems.push(
          attrError(
            `${attrTypeName(type)}: length ${len} overruns the path attributes`,
            UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
            Rfc7606Action.TREAT_AS_WITHDRAW,
            base + i,
            bytes.subarray(at, n),
          ),
        );
      break;
    }
    i = start + len;
    const isMp = type === AttrType.MP_REACH_NLRI || type === AttrType.MP_UNREACH_NLRI;
    if (seen[type] === gen) {
      // RFC 7606 §3 (g): repeated MP_* → Malformed Attribute List; others: keep the first.
      if (isMp) {
        throw attrError(
          `${attrTypeName(type)} appears twice`,
          UpdateSubcode.MALFORMED_ATTRIBUTE_LIST,
          Rfc7606Action.SESSION_RESET,
          base + at,
        );
      }
      if (full)
        problems.push(
          attrError(
            `${attrTypeName(type)} appears twice; later copy discarded`,
            UpdateSubcode.MALFORMED_ATTRIBUTE_LIST,
            Rfc7606Action.ATTRIBUTE_DISCARD,
            base + at,
          ),
        );
      continue;
    }
    seen[type] = gen;
    const desc = attributeDescriptor(type);
    if (desc === undefined) {
      if (!(flags & AttrFlag.OPTIONAL)) {
        // RFC 4271 §6.3: an unrecognized well-known attribute resets the session.
        throw attrError(
          `unrecognized well-known attribute ${type}`,
          UpdateSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
          Rfc7606Action.SESSION_RESET,
          base + at,
          bytes.subarray(at, i),
        );
      }
      if (full) {
        unknown ??= [];
        unknown.push({ flags, type, value: bytes.subarray(start, i) });
        order?.push(type);
        flagList?.push(flags);
      }
      continue;
    }
    if (!full && !isMp) continue;
    if (full && (flags & OT_BITS) !== desc.flags) {
      // RFC 7606 §3 (c): Optional/Transitive bits in conflict → treat-as-withdraw. The value is
      // still decoded so MP_REACH's prefixes are known to the withdraw.
      problems.push(
        attrError(
          `${desc.name}: flags 0x${flags.toString(16)} conflict with the attribute's type`,
          UpdateSubcode.ATTRIBUTE_FLAGS_ERROR,
          Rfc7606Action.TREAT_AS_WITHDRAW,
          base + at,
          bytes.subarray(at, i),
        ),
      );
    }
    if (full && isMp && (type === AttrType.MP_REACH_NLRI ? out.mpReach : out.mpUnreach) !== undefined) {
      // Already decoded by the scan walk.
      order?.push(type);
      flagList?.push(flags);
      continue;
    }
    s.start = start;
    s.len = len;
    s.bytes = bytes;
    s.base = base;
    try {
      desc.decode(s, ctx, out);
    } catch (e) {
      if (!(e instanceof MalformedAttribute)) {
        if (isBgpWireError(e)) throw e;
        // A defect of ours, not of the peer: still only BgpWireError leaves the decoder.
        throw new BgpWireError(`${desc.name}: ${String(e)}`, {
          code: ErrorCode.UPDATE_MESSAGE,
          subcode: UpdateSubcode.MALFORMED_ATTRIBUTE_LIST,
          offset: base + at,
        });
      }
      const action = e.action ?? desc.onError;
      const err = attrError(e.message, e.subcode, action, base + at, bytes.subarray(at, i));
      if (action === Rfc7606Action.SESSION_RESET || action === Rfc7606Action.AFI_SAFI_DISABLE) throw err;
      problems.push(err);
      continue;
    }
    order?.push(type);
    flagList?.push(flags);
  }
  if (full) {
    if (unknown) out.unknown = unknown;
    out.wire = { order: order as number[], flags: flagList as number[] };
  }
}

/**
 * Decodes a Path Attributes field. Values alias `bytes` where their type says "view".
 * @param bytes the field alone (no Total Path Attribute Length)
 * @param baseOffset offset of `bytes[0]` in the whole input, for error offsets
 * @throws BgpWireError for session reset and AFI/SAFI disable cases (RFC 7606 §3 (g), §5.3, §7.11)
 */
export function decodePathAttributes(
  bytes: Uint8Array,
  ctx: CodecContext,
  baseOffset = 0,
): DecodedPathAttributes {
  return decodePathAttributesIn(bytes, 0, bytes.length, ctx, baseOffset);
}

/**
 * {@link decodePathAttributes} over `bytes[from .. to)` without slicing first (`baseOffset` is
 * still the input offset of `bytes[0]`).
 */
export function decodePathAttributesIn(
  bytes: Uint8Array,
  from: number,
  to: number,
  ctx: CodecContext,
  baseOffset = 0,
): DecodedPathAttributes {
  const out: MutablePathAttributes = {};
  const problems: BgpWireError[] = [];
  walk(bytes, from, to, ctx, baseOffset, true, out, problems);
  return withAction(out, problems);
}

/**
 * Runs only the checks of {@link decodePathAttributesIn} that throw, and decodes
 * MP_REACH_NLRI / MP_UNREACH_NLRI. Pass the result to {@link completePathAttributes} to
 * finish lazily. Returns undefined when there was nothing to keep (no MP_* attribute).
 * @throws BgpWireError exactly when {@link decodePathAttributes} would
 */
export function scanPathAttributes(
  bytes: Uint8Array,
  from: number,
  to: number,
  ctx: CodecContext,
  baseOffset = 0,
): PathAttributes | undefined {
  const out: MutablePathAttributes = {};
  walk(bytes, from, to, ctx, baseOffset, false, out, noProblems);
  return out.mpReach === undefined && out.mpUnreach === undefined ? undefined : out;
}

// The scan walk records nothing; it only throws.
const noProblems: BgpWireError[] = [];

/**
 * True when {@link completePathAttributes} followed by {@link checkMandatoryAttributes} would
 * report no problem at all for `bytes[from .. to)`: found without decoding a value or allocating,
 * so that the common UPDATE (clean) needs no decoded attributes to learn its RFC 7606 verdict.
 * False for anything else, including every field with MP_REACH_NLRI or MP_UNREACH_NLRI (their
 * descriptors have no `check`): the full decode then finds the problems and the action. It is
 * exact where it says true, merely cautious where it says false. Runs on a field that
 * {@link scanPathAttributes} accepted.
 * @param hasIpv4Nlri the UPDATE's own NLRI field is non-empty (NEXT_HOP is then mandatory)
 */
export function attributesClean(
  bytes: Uint8Array,
  from: number,
  to: number,
  ctx: CodecContext,
  hasIpv4Nlri: boolean,
): boolean {
  // The walk's duplicate table: neither runs inside the other.
  const gen = nextGeneration();
  const s = slice;
  s.bytes = bytes;
  let i = from;
  while (i < to) {
    const flags = bytes[i] as number;
    const hdr = flags & AttrFlag.EXTENDED_LENGTH ? 4 : 3;
    if (to - i < hdr) return false;
    const type = bytes[i + 1] as number;
    const len =
      hdr === 4 ? ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number) : (bytes[i + 2] as number);
    const start = i + hdr;
    if (start + len > to) return false;
    i = start + len;
    // A repeat is an attribute discard (or a reset, for MP_*): a problem either way.
    if (seen[type] === gen) return false;
    seen[type] = gen;
    const desc = attributeDescriptor(type);
    if (desc === undefined) {
      // Unknown optional attributes are kept as they are; an unknown well-known one resets the
      // session, which the scan has already thrown for.
      if (!(flags & AttrFlag.OPTIONAL)) return false;
      continue;
    }
    if ((flags & OT_BITS) !== desc.flags || desc.check === undefined) return false;
    s.start = start;
    s.len = len;
    if (!desc.check(s, ctx)) return false;
  }
  // RFC 4271 §5 mandatory attributes (the MP_REACH case never gets here: no `check`).
  if (!hasIpv4Nlri) return true;
  return seen[AttrType.ORIGIN] === gen && seen[AttrType.AS_PATH] === gen && seen[AttrType.NEXT_HOP] === gen;
}

/** Finishes a {@link scanPathAttributes} result: same output as {@link decodePathAttributesIn}. */
export function completePathAttributes(
  bytes: Uint8Array,
  from: number,
  to: number,
  ctx: CodecContext,
  baseOffset: number,
  scanned: PathAttributes | undefined,
): DecodedPathAttributes {
  const out: MutablePathAttributes = {};
  if (scanned?.mpReach) out.mpReach = scanned.mpReach;
  if (scanned?.mpUnreach) out.mpUnreach = scanned.mpUnreach;
  const problems: BgpWireError[] = [];
  walk(bytes, from, to, ctx, baseOffset, true, out, problems);
  return withAction(out, problems);
}

function withAction(attributes: PathAttributes, problems: BgpWireError[]): DecodedPathAttributes {
  if (problems.length === 0) return { attributes, problems };
  let action: Rfc7606ActionName = problems[0]!.action;
  for (const p of problems) action = strongerAction(action, p.action);
  return { attributes, problems, action };
}

/**
 * The well-known mandatory attributes check (RFC 4271 §5, RFC 4760 §3): an UPDATE announcing
 * prefixes needs ORIGIN and AS_PATH, and NEXT_HOP when the IPv4 NLRI field is used. A missing
 * one is treat-as-withdraw (RFC 7606 §3 (d)); data = the missing type code (RFC 4271 §6.3).
 * @param hasIpv4Nlri the UPDATE's own NLRI field is non-empty
 * @param offset where to report the problem (the attributes field)
 */
export function checkMandatoryAttributes(
  attrs: PathAttributes,
  hasIpv4Nlri: boolean,
  offset = -1,
): BgpWireError[] {
  if (!hasIpv4Nlri && attrs.mpReach === undefined) return [];
  // Checked once per UPDATE: nothing is allocated when nothing is missing (the common case).
  if (
    attrs.origin !== undefined &&
    attrs.asPath !== undefined &&
    (!hasIpv4Nlri || attrs.nextHop !== undefined)
  )
    return [];
  const missing: number[] = [];
  if (attrs.origin === undefined) missing.push(AttrType.ORIGIN);
  if (attrs.asPath === undefined) missing.push(AttrType.AS_PATH);
  if (hasIpv4Nlri && attrs.nextHop === undefined) missing.push(AttrType.NEXT_HOP);
  return missing.map((t) =>
    attrError(
      `missing well-known attribute ${attrTypeName(t)}`,
      UpdateSubcode.MISSING_WELL_KNOWN_ATTRIBUTE,
      Rfc7606Action.TREAT_AS_WITHDRAW,
      offset,
      Uint8Array.of(t),
    ),
  );
}

/** Appends problems and returns the strongest action (for callers merging several sources). */
export function mergeProblems(
  decoded: DecodedPathAttributes,
  extra: readonly BgpWireError[],
): DecodedPathAttributes {
  if (extra.length === 0) return decoded;
  return withAction(decoded.attributes, [...decoded.problems, ...extra]);
}
