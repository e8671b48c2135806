/**
 * UPDATE bodies (RFC 4271 §4.3), decoded lazily in BIRD's way: the three sections are sliced
 * and checked up front, their contents decoded on first access.
 * ```
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * +-----------------------------------------------------+
 * |   Withdrawn Routes (variable)                       |
 * +-----------------------------------------------------+
 * |   Total Path Attribute Length (2 octets)            |
 * +-----------------------------------------------------+
 * |   Path Attributes (variable)                        |
 * +-----------------------------------------------------+
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * ```
 * Everything that must reset the session is found by {@link decodeUpdateBody} itself, so the
 * getters of the message it returns never throw.
 */
import { Afi, Safi } from "../constants.js";
import { type CodecContext, familyKey } from "../context.js";
import { BgpWireError, ErrorCode, type Rfc7606ActionName, UpdateSubcode } from "../errors.js";
import {
  attributesClean,
  checkMandatoryAttributes,
  completePathAttributes,
  type DecodedPathAttributes,
  mergeProblems,
  scanPathAttributes,
} from "../attributes/decode.js";
import { encodePathAttributes, type EncodeAttributesOptions } from "../attributes/encode.js";
import { countNlri, decodeNlri } from "../nlri/decode.js";
import { encodeNlri } from "../nlri/encode.js";
import { encodeError } from "../nlri/nlri-error.js";
import type { Nlri } from "../types/address.js";
import type { PathAttributes } from "../types/attributes.js";
import type { UpdateMessage } from "../types/messages.js";
import type { ByteWriter } from "../writer.js";

const IPV4_UNICAST = familyKey(Afi.IPV4, Safi.UNICAST);

/**
 * A decoded UPDATE: the {@link UpdateMessage} fields as caching getters, plus the raw sections
 * (as views, or as index ranges of {@link LazyUpdateMessage.bytes}) for hot paths that walk
 * prefixes with `forEachNlri` or keep attribute bytes.
 */
export interface LazyUpdateMessage extends UpdateMessage {
  /**
   * The input the message was decoded from (the whole message, or a larger buffer it lies in):
   * the sections are the index ranges below. Reading them in place costs no allocation, where
   * each view getter makes a new `Uint8Array`.
   */
  readonly bytes: Uint8Array;
  /** Start of the Withdrawn Routes field in `bytes` (it ends 2 bytes before `attributesStart`). */
  readonly withdrawnStart: number;
  /** Start of the Path Attributes field in `bytes`. */
  readonly attributesStart: number;
  /** Start of the NLRI field in `bytes` (where the Path Attributes field ends). */
  readonly nlriStart: number;
  /** End of the NLRI field, and of the message, in `bytes`. */
  readonly end: number;
  /** Withdrawn Routes field (view into the input). */
  readonly withdrawnBytes: Uint8Array;
  /** Path Attributes field (view into the input). */
  readonly attributeBytes: Uint8Array;
  /** NLRI field (view into the input). */
  readonly nlriBytes: Uint8Array;
  /** ADD-PATH path identifiers in the Withdrawn Routes and NLRI fields (RFC 7911). */
  readonly addPath: boolean;
  /** Number of prefixes in the Withdrawn Routes field, known without decoding them. */
  readonly withdrawnCount: number;
  /** Number of prefixes in the NLRI field, known without decoding them. */
  readonly nlriCount: number;
  /** Survivable RFC 7606 problems (always present on a decoded UPDATE; empty when clean). */
  readonly problems: readonly BgpWireError[];
  /**
   * True when the Path Attributes field carries MP_REACH_NLRI or MP_UNREACH_NLRI (known from the
   * checks made when the UPDATE was decoded, without decoding the other attributes).
   */
  readonly hasMpAttributes: boolean;
  /** The codec context it was decoded with (what `attributeBytes` must be decoded with again). */
  readonly context: CodecContext;
}

/** The `problems` of every clean UPDATE. */
const NO_PROBLEMS: readonly BgpWireError[] = Object.freeze([]);

function malformedList(message: string, offset: number): BgpWireError {
  // RFC 4271 §6.3: section lengths that do not add up are a Malformed Attribute List; RFC 7606
  // §5.3 / §4 keeps that a session reset, since the NLRI can no longer be located.
  return new BgpWireError(message, {
    code: ErrorCode.UPDATE_MESSAGE,
    subcode: UpdateSubcode.MALFORMED_ATTRIBUTE_LIST,
    offset,
  });
}

class LazyUpdate implements LazyUpdateMessage {
  readonly type = "UPDATE" as const;
  readonly addPath: boolean;
  readonly withdrawnCount: number;
  readonly nlriCount: number;
  // The sections as index ranges of `bytes`: views are built only when asked for (a view costs
  // an allocation, and Buffer inputs make it a slow one).
  readonly bytes: Uint8Array;
  readonly withdrawnStart: number;
  readonly attributesStart: number;
  readonly nlriStart: number;
  readonly end: number;
  // What to add to an index of `bytes` for the error offset the caller wants (its offset of
  // the body minus the body's index).
  private readonly base: number;
  readonly context: CodecContext;
  private scanned: PathAttributes | undefined;
  readonly hasMpAttributes: boolean;
  private decoded: DecodedPathAttributes | undefined;
  // attributesClean's verdict: 0 not asked yet, 1 clean, 2 not known to be clean.
  private clean = 0;
  private withdrawnCache: readonly Nlri[] | undefined;
  private nlriCache: readonly Nlri[] | undefined;

  /**
   * @param bytes the input; the body is `bytes[from, to)`
   * @param base the error offset of `bytes[from]` (19 when the body follows a header)
   */
  constructor(bytes: Uint8Array, from: number, to: number, ctx: CodecContext, base: number) {
    const n = to - from;
    if (n < 4) throw malformedList(`UPDATE body of ${n} bytes`, base);
    const wlen = (bytes[from]! << 8) | bytes[from + 1]!;
    if (2 + wlen + 2 > n) throw malformedList(`withdrawn routes length ${wlen} too large`, base);
    const alen = (bytes[from + 2 + wlen]! << 8) | bytes[from + 3 + wlen]!;
    const aFrom = from + 4 + wlen;
    if (aFrom + alen > to)
      throw malformedList(`total path attribute length ${alen} too large`, base + 2 + wlen);
    const off = base - from;
    this.bytes = bytes;
    this.base = off;
    this.context = ctx;
    this.withdrawnStart = from + 2;
    this.attributesStart = aFrom;
    this.nlriStart = aFrom + alen;
    this.end = to;
    const addPath = ctx.addPathReceive.has(IPV4_UNICAST);
    this.addPath = addPath;
    // In wire order, so the first fault in the message is the one reported.
    this.withdrawnCount = wlen === 0 ? 0 : countNlri(bytes, Afi.IPV4, addPath, off, from + 2, aFrom - 2);
    this.scanned = scanPathAttributes(bytes, aFrom, this.nlriStart, ctx, off);
    this.hasMpAttributes = this.scanned !== undefined;
    this.nlriCount = countNlri(bytes, Afi.IPV4, addPath, off, this.nlriStart, to);
  }

  get withdrawnBytes(): Uint8Array {
    return this.bytes.subarray(this.withdrawnStart, this.attributesStart - 2);
  }

  get attributeBytes(): Uint8Array {
    return this.bytes.subarray(this.attributesStart, this.nlriStart);
  }

  get nlriBytes(): Uint8Array {
    return this.bytes.subarray(this.nlriStart, this.end);
  }

  get withdrawn(): readonly Nlri[] {
    this.withdrawnCache ??=
      this.withdrawnCount === 0
        ? []
        : decodeNlri(
            this.bytes,
            Afi.IPV4,
            this.addPath,
            this.base,
            this.withdrawnStart,
            this.attributesStart - 2,
          );
    return this.withdrawnCache;
  }

  get nlri(): readonly Nlri[] {
    this.nlriCache ??= decodeNlri(this.bytes, Afi.IPV4, this.addPath, this.base, this.nlriStart, this.end);
    return this.nlriCache;
  }

  private full(): DecodedPathAttributes {
    if (this.decoded === undefined) {
      const d = completePathAttributes(
        this.bytes,
        this.attributesStart,
        this.nlriStart,
        this.context,
        this.base,
        this.scanned,
      );
      const missing = checkMandatoryAttributes(
        d.attributes,
        this.nlriCount > 0,
        this.base + this.attributesStart,
      );
      this.decoded = mergeProblems(d, missing);
      this.scanned = undefined;
    }
    return this.decoded;
  }

  get attributes(): PathAttributes {
    return this.full().attributes;
  }

  // `problems` and `action` of a clean UPDATE (the common case) come from attributesClean, which
  // decodes nothing: a speaker asks for the action of every UPDATE, and a RIB that keeps sets as
  // wire bytes need not decode the attributes at all. On a 1M-prefix table the full decode was
  // ~200 MB of short-lived objects.
  private isClean(): boolean {
    if (this.decoded !== undefined) return this.decoded.problems.length === 0;
    if (this.clean === 0)
      this.clean = attributesClean(
        this.bytes,
        this.attributesStart,
        this.nlriStart,
        this.context,
        this.nlriCount > 0,
      )
        ? 1
        : 2;
    return this.clean === 1;
  }

  get problems(): readonly BgpWireError[] {
    return this.isClean() ? NO_PROBLEMS : this.full().problems;
  }

  // A getter returning undefined when clean; `action` is optional in UpdateMessage.
  get action(): Rfc7606ActionName | undefined {
    return this.isClean() ? undefined : this.full().action;
  }
}

/**
 * Decodes an UPDATE body (the message without its 19-byte header) lazily. Checks now: section
 * lengths, the syntax of the Withdrawn Routes and NLRI fields (RFC 7606 §5.3), and every
 * attribute problem that resets the session or disables the family (see
 * `decodePathAttributes`); throws those as {@link BgpWireError}. Everything else is decoded on
 * first access; `problems`/`action` report the survivable RFC 7606 problems.
 * @param body the body; the message keeps views into it
 * @param baseOffset offset of `body[0]` in the caller's input (19 for a whole message)
 */
export function decodeUpdateBody(body: Uint8Array, ctx: CodecContext, baseOffset = 0): LazyUpdateMessage {
  return new LazyUpdate(body, 0, body.length, ctx, baseOffset);
}

/**
 * {@link decodeUpdateBody} for the body `bytes[from, to)`, read in place: the message's
 * `bytes` is `bytes` itself and its section ranges are indexes of it (no view is made).
 * @param baseOffset error offset of `bytes[from]` (19 when a header precedes it)
 */
export function decodeUpdateBodyAt(
  bytes: Uint8Array,
  from: number,
  to: number,
  ctx: CodecContext,
  baseOffset = 0,
): LazyUpdateMessage {
  return new LazyUpdate(bytes, from, to, ctx, baseOffset);
}

/**
 * A plain object with every section of an UPDATE decoded, for deep equality and
 * `structuredClone`. Attribute values that are views (see `PathAttributes`) still alias the input.
 */
export function materializeUpdate(msg: UpdateMessage): UpdateMessage {
  const base = {
    type: "UPDATE" as const,
    withdrawn: msg.withdrawn,
    attributes: msg.attributes,
    nlri: msg.nlri,
  };
  const problems = msg.problems ?? [];
  if (problems.length === 0 || msg.action === undefined) return base;
  return { ...base, problems, action: msg.action };
}

/**
 * Appends an UPDATE body: withdrawn IPv4 prefixes, the attributes, IPv4 NLRI (with path
 * identifiers when ADD-PATH send is on for IPv4 unicast). Size limits are the caller's (the
 * message encoder checks the total; `packUpdates` splits by size).
 */
export function encodeUpdateBody(
  w: ByteWriter,
  msg: UpdateMessage,
  ctx: CodecContext,
  options: EncodeAttributesOptions = {},
): void {
  const addPath = ctx.addPathSend.has(IPV4_UNICAST);
  const wAt = w.pos;
  w.u16(0);
  encodeNlri(w, msg.withdrawn, Afi.IPV4, addPath);
  const wlen = w.pos - wAt - 2;
  if (wlen > 0xffff) throw encodeError(`withdrawn routes of ${wlen} bytes`);
  w.patchU16(wAt, wlen);
  const aAt = w.pos;
  w.u16(0);
  encodePathAttributes(w, msg.attributes, ctx, options);
  const alen = w.pos - aAt - 2;
  if (alen > 0xffff) throw encodeError(`path attributes of ${alen} bytes`);
  w.patchU16(aAt, alen);
  encodeNlri(w, msg.nlri, Afi.IPV4, addPath);
}
