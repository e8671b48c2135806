/**
 * Packing many prefixes that share one attribute set into as few UPDATEs as fit (BIRD's
 * buckets, on the wire side): each message is filled up to 4096 bytes, or 65535 with RFC 8654
 * extended messages. IPv4 unicast goes in the NLRI / Withdrawn Routes fields unless told to use
 * MP_REACH/MP_UNREACH; other families always go through MP_REACH/MP_UNREACH (RFC 4760).
 */
import { Afi, AttrFlag, AttrType, Limits, MessageType, Safi } from "../constants.js";
import { type CodecContext, familyKey } from "../context.js";
import { encodePathAttributes } from "../attributes/encode.js";
import { nlriEntrySize, encodePrefix } from "../nlri/encode.js";
import { encodeError } from "../nlri/nlri-error.js";
import type { Nlri } from "../types/address.js";
import type { MpReachNlri, PathAttributes } from "../types/attributes.js";
import { ByteWriter } from "../writer.js";

/** What {@link packUpdates} sends. */
export interface PackInput {
  /**
   * The shared attributes of `announce`. For IPv6 (or IPv4 via MP_REACH) `mpReach` gives the
   * family and next hop; its `nlri` is ignored and replaced by `announce`. `mpUnreach` is
   * ignored (withdrawals go in `withdraw`).
   */
  readonly attributes?: PathAttributes;
  /** Prefixes to announce, all of one family. */
  readonly announce?: readonly Nlri[];
  /** Prefixes to withdraw (IPv4 and IPv6 may be mixed; each family gets its own UPDATEs). */
  readonly withdraw?: readonly Nlri[];
}

/** Options of {@link packUpdates}. */
export interface PackOptions {
  /** Withdraw IPv4 unicast through MP_UNREACH_NLRI instead of the Withdrawn Routes field. */
  readonly ipv4WithdrawViaMp?: boolean;
  /** Passed to the attribute encoder (see `EncodeAttributesOptions`). */
  readonly readvertise?: boolean;
}

function maxLength(ctx: CodecContext): number {
  return ctx.extendedMessage ? Limits.MAX_EXTENDED_MESSAGE_LENGTH : Limits.MAX_MESSAGE_LENGTH;
}

function startMessage(w: ByteWriter): void {
  w.reset();
  for (let i = 0; i < Limits.MARKER_LENGTH; i += 4) w.u32(0xffffffff);
  w.u16(0);
  w.u8(MessageType.UPDATE);
}

function finishMessage(w: ByteWriter): Uint8Array {
  w.patchU16(Limits.MARKER_LENGTH, w.pos);
  return w.finish();
}

/**
 * Writes prefixes from `list[from..]` while they fit in `room` bytes; returns the next index.
 * Throws if not even one fits (the attributes leave no room for a prefix).
 */
function fill(w: ByteWriter, list: readonly Nlri[], from: number, room: number, addPath: boolean): number {
  let i = from;
  let left = room;
  while (i < list.length) {
    const e = list[i]!;
    const size = nlriEntrySize(e.prefix, addPath);
    if (size > left) break;
    encodePrefix(w, e.prefix, e.pathId, addPath);
    left -= size;
    i++;
  }
  if (i === from) throw encodeError("the attributes leave no room for a single prefix");
  return i;
}

/**
 * Yields whole encoded UPDATE messages (header included, each an owned array): first the
 * withdrawals, then the announcements with the shared attributes.
 * @throws BgpWireError (code 0) for mixed families in `announce`, a missing next hop, or
 *   attributes too large to leave room for a prefix
 */
export function* packUpdates(
  input: PackInput,
  ctx: CodecContext,
  options: PackOptions = {},
): Generator<Uint8Array> {
  try {
    yield* pack(input, ctx, options);
  } catch (e) {
    // The writer's hard limit is the message size: hitting it means the attributes alone do not fit.
    if (e instanceof RangeError) throw encodeError(`UPDATE does not fit: ${e.message}`);
    throw e;
  }
}

/**
 * One message writer per size limit, shared by every packer: a fresh 4 KB (or 64 KB) writer per
 * call was ~30% of the reflect-to-9-clients profile. Sharing is safe even with several packers
 * alive at once because a message is written and copied out (`finishMessage`) between yields.
 */
const scratch = new Map<number, ByteWriter>();
function scratchWriter(max: number): ByteWriter {
  let w = scratch.get(max);
  if (w === undefined) {
    w = new ByteWriter(max, max);
    scratch.set(max, w);
  }
  return w;
}

function* pack(input: PackInput, ctx: CodecContext, options: PackOptions): Generator<Uint8Array> {
  const max = maxLength(ctx);
  const w = scratchWriter(max);
  const withdraw = input.withdraw ?? [];
  for (const afi of [Afi.IPV4, Afi.IPV6]) {
    const list = withdraw.filter((e) => e.prefix.afi === afi);
    if (list.length === 0) continue;
    const addPath = ctx.addPathSend.has(familyKey(afi, Safi.UNICAST));
    const viaMp = afi === Afi.IPV6 || options.ipv4WithdrawViaMp === true;
    for (let i = 0; i < list.length; ) {
      startMessage(w);
      if (!viaMp) {
        w.u16(0);
        i = fill(w, list, i, max - w.pos - 2, addPath);
        w.patchU16(19, w.pos - 21);
        w.u16(0);
      } else {
        w.u16(0);
        w.u16(0);
        const attrAt = w.pos;
        w.u8(AttrFlag.OPTIONAL | AttrFlag.EXTENDED_LENGTH);
        w.u8(AttrType.MP_UNREACH_NLRI);
        w.u16(0);
        w.u16(afi);
        w.u8(Safi.UNICAST);
        i = fill(w, list, i, max - w.pos, addPath);
        w.patchU16(attrAt + 2, w.pos - attrAt - 4);
        w.patchU16(21, w.pos - 23);
      }
      yield finishMessage(w);
    }
  }

  const announce = input.announce ?? [];
  if (announce.length === 0) return;
  const attrs = input.attributes ?? {};
  const afi = announce[0]!.prefix.afi;
  if (announce.some((e) => e.prefix.afi !== afi)) throw encodeError("announce mixes IPv4 and IPv6 prefixes");
  // An MP_REACH template of the other family (say IPv6 attributes shared with IPv4 prefixes)
  // does not apply: IPv4 then goes in the NLRI field with NEXT_HOP.
  const mp = attrs.mpReach?.afi === afi ? attrs.mpReach : undefined;
  if (mp === undefined && afi !== Afi.IPV4) {
    throw encodeError("IPv6 prefixes need attributes.mpReach (family and next hop)");
  }
  if (mp === undefined && attrs.nextHop === undefined) throw encodeError("IPv4 prefixes need a NEXT_HOP");

  // The shared attributes, encoded once (without MP_REACH, which is rebuilt per message).
  const shared = new ByteWriter(512);
  // MP_UNREACH is never shared: withdrawals travel through `withdraw`.
  const { mpReach: _reach, mpUnreach: _unreach, ...rest } = attrs;
  encodePathAttributes(shared, rest, ctx, options.readvertise ? { readvertise: true } : {});
  const sharedBytes = shared.view();
  const addPath = ctx.addPathSend.has(familyKey(afi, mp?.safi ?? Safi.UNICAST));
  for (let i = 0; i < announce.length; ) {
    startMessage(w);
    w.u16(0);
    const alenAt = w.pos;
    w.u16(0);
    if (mp === undefined) {
      w.bytes(sharedBytes);
      w.patchU16(alenAt, w.pos - alenAt - 2);
      i = fill(w, announce, i, max - w.pos, addPath);
    } else {
      const attrAt = w.pos;
      w.u8(AttrFlag.OPTIONAL | AttrFlag.EXTENDED_LENGTH);
      w.u8(AttrType.MP_REACH_NLRI);
      w.u16(0);
      writeMpReachHead(w, mp);
      const room = max - w.pos - sharedBytes.length;
      i = fill(w, announce, i, room, addPath);
      w.patchU16(attrAt + 2, w.pos - attrAt - 4);
      w.bytes(sharedBytes);
      w.patchU16(alenAt, w.pos - alenAt - 2);
    }
    yield finishMessage(w);
  }
}

function writeMpReachHead(w: ByteWriter, mp: MpReachNlri): void {
  w.u16(mp.afi);
  w.u8(mp.safi);
  const nh = mp.nextHop;
  if (nh === null) throw encodeError("mpReach.nextHop is required to pack prefixes");
  if (nh.afi === 1) {
    w.u8(4);
    w.u32(nh.addr);
  } else {
    w.u8(mp.linkLocal ? 32 : 16);
    w.bytes(nh.addr);
    if (mp.linkLocal) w.bytes(mp.linkLocal.addr);
  }
  w.u8(0);
}
