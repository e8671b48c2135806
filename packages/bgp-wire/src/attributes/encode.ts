/**
 * Encoding a Path Attributes field (RFC 4271 §4.3). Attributes listed in `attrs.wire` go first,
 * in that order with those flags, so decode → encode gives back the received bytes; the rest
 * follow in ascending type order with the table's flags, then unlisted raw attributes.
 */
import { AttrFlag } from "../constants.js";
import type { CodecContext } from "../context.js";
import { isBgpWireError } from "../errors.js";
import { encodeError } from "../nlri/nlri-error.js";
import type { PathAttributes, RawAttribute } from "../types/attributes.js";
import type { ByteWriter } from "../writer.js";
import type { AttrDescriptor } from "./descriptor.js";
import { ATTRIBUTE_DESCRIPTORS, attributeDescriptor } from "./table.js";

/** Options of {@link encodePathAttributes}. */
export interface EncodeAttributesOptions {
  /**
   * The attributes are being passed on to another peer (RFC 4271 §5 / §9.1.4): raw optional
   * transitive attributes get the PARTIAL bit, raw optional non-transitive ones are dropped.
   * Leave unset for a byte-exact re-encode of what was received.
   */
  readonly readvertise?: boolean;
}

const done = new Uint32Array(256);
let generation = 0;

/**
 * Appends the attributes (the field only, without the Total Path Attribute Length).
 * @throws BgpWireError (code 0) for a value that cannot be encoded in this context
 */
export function encodePathAttributes(
  w: ByteWriter,
  attrs: PathAttributes,
  ctx: CodecContext,
  options: EncodeAttributesOptions = {},
): void {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    done.fill(0);
    generation = 1;
  }
  const gen = generation;
  const unknown = attrs.unknown ?? [];
  const readvertise = options.readvertise === true;
  const wire = attrs.wire;
  if (wire) {
    for (let k = 0; k < wire.order.length; k++) {
      const type = wire.order[k] as number;
      if (done[type] === gen) continue;
      const desc = attributeDescriptor(type);
      if (desc) {
        if (!desc.has(attrs)) continue;
        done[type] = gen;
        writeKnown(w, desc, attrs, ctx, wire.flags[k] ?? desc.flags);
      } else {
        const raw = unknown.find((u) => u.type === type);
        if (!raw) continue;
        done[type] = gen;
        writeRaw(w, raw, readvertise);
      }
    }
  }
  for (const desc of ATTRIBUTE_DESCRIPTORS) {
    if (done[desc.type] === gen || !desc.has(attrs)) continue;
    done[desc.type] = gen;
    writeKnown(w, desc, attrs, ctx, desc.flags);
  }
  for (const raw of unknown) {
    if (done[raw.type] === gen) continue;
    done[raw.type] = gen;
    writeRaw(w, raw, readvertise);
  }
}

function writeKnown(
  w: ByteWriter,
  desc: AttrDescriptor,
  attrs: PathAttributes,
  ctx: CodecContext,
  flags: number,
) {
  const at = w.pos;
  // Reserve a 2-octet length, then shrink to 1 octet if the flags allow it (RFC 4271 §4.3: the
  // Extended Length bit may be set on a short value, and some speakers do; we keep theirs).
  w.u8(flags | AttrFlag.EXTENDED_LENGTH);
  w.u8(desc.type);
  w.u16(0);
  try {
    desc.encode(w, attrs, ctx);
  } catch (e) {
    if (isBgpWireError(e)) throw e;
    throw encodeError(`${desc.name}: ${String(e)}`);
  }
  finishLength(w, at, flags);
}

function writeRaw(w: ByteWriter, raw: RawAttribute, readvertise: boolean): void {
  let flags = raw.flags;
  if (readvertise) {
    if (!(flags & AttrFlag.OPTIONAL)) return;
    if (!(flags & AttrFlag.TRANSITIVE)) return;
    flags |= AttrFlag.PARTIAL;
  }
  const at = w.pos;
  w.u8(flags | AttrFlag.EXTENDED_LENGTH);
  w.u8(raw.type);
  w.u16(0);
  w.bytes(raw.value);
  finishLength(w, at, flags);
}

/** Patches the length of the attribute starting at `at`, dropping a needless length octet. */
function finishLength(w: ByteWriter, at: number, flags: number): void {
  const len = w.pos - at - 4;
  if (len > 0xffff) throw encodeError(`attribute of ${len} bytes exceeds 65535`);
  if (flags & AttrFlag.EXTENDED_LENGTH || len > 0xff) {
    w.patchU16(at + 2, len);
    return;
  }
  const view = w.view();
  view[at] = flags;
  view[at + 2] = len;
  view.copyWithin(at + 3, at + 4, at + 4 + len);
  w.truncate(w.pos - 1);
}
