/**
 * The shape of one entry of the attribute table (BIRD's `bgp_attr_table` idea): everything the
 * codec knows about an attribute type in one place, instead of a class per attribute.
 */
import type { CodecContext } from "../context.js";
import type { Rfc7606ActionName } from "../errors.js";
import type { PathAttributes } from "../types/attributes.js";
import type { ByteWriter } from "../writer.js";

/** A writable {@link PathAttributes}, used only while decoding. */
export type MutablePathAttributes = { -readonly [K in keyof PathAttributes]: PathAttributes[K] };

/**
 * Where an attribute value sits: `bytes[start .. start + len)`, with `base` the offset of
 * `bytes[0]` in the caller's input (for error offsets). One slice object is reused for every
 * attribute of a walk: descriptors must not keep it.
 */
export interface AttrSlice {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly len: number;
  readonly base: number;
}

/** One path attribute type the codec models. */
export interface AttrDescriptor {
  /** Type code (IANA). */
  readonly type: number;
  /** Name as in `AttrType`. */
  readonly name: string;
  /** Expected OPTIONAL and TRANSITIVE bits (RFC 4271 §5); the default flags when encoding. */
  readonly flags: number;
  /** RFC 7606 action for a malformed value of this attribute (its §7 subsection). */
  readonly onError: Rfc7606ActionName;
  /** Decodes the value into `out`; throws `MalformedAttribute` for a bad value. */
  decode(s: AttrSlice, ctx: CodecContext, out: MutablePathAttributes): void;
  /**
   * True exactly when {@link decode} would accept the value, found without building anything
   * (see `attributesClean`). Absent for MP_REACH_NLRI / MP_UNREACH_NLRI, whose UPDATEs always
   * take the full decode.
   */
  check?(s: AttrSlice, ctx: CodecContext): boolean;
  /** True if `attrs` carries this attribute. */
  has(attrs: PathAttributes): boolean;
  /** Appends the value (without the attribute header). */
  encode(w: ByteWriter, attrs: PathAttributes, ctx: CodecContext): void;
}
