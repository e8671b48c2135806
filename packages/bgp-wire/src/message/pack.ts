/**
 * Packing many prefixes that share one attribute set into as few UPDATEs as fit (BIRD's
 * buckets, on the wire side): each message is filled up to 4096 bytes, or 65535 with RFC 8654
 * extended messages. IPv4 unicast goes in the NLRI / Withdrawn Routes fields unless told to use
 * MP_REACH/MP_UNREACH; other families always go through MP_REACH/MP_UNREACH (RFC 4760).
 */
import { Afi, AttrFlag, AttrType, Limits, MessageType, Safi } from "../constants.js";
import { type CodecContext, familyKey } from "../context.js";
import { type EncodeAttributesOptions, encodePathAttributes } from "../attributes/encode.js";
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

// Offsets inside a message, from its first byte (RFC 4271 §4.1 header, §4.3 UPDATE body).
const LENGTH_AT = Limits.MARKER_LENGTH;
const WITHDRAWN_LENGTH_AT = 19;
const HEADER_AND_WITHDRAWN_LENGTH = 21;

/** Writes the 19-byte header with a zero length, patched by {@link finishMessage}. */
function startMessage(w: ByteWriter): void {
  for (let i = 0; i < Limits.MARKER_LENGTH; i += 4) w.u32(0xffffffff);
  w.u16(0);
  w.u8(MessageType.UPDATE);
}

function finishMessage(w: ByteWriter, base: number): void {
  w.patchU16(base + LENGTH_AT, w.pos - base);
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

/** The withdrawals of one family, ready to be cut into messages. */
interface WithdrawJob {
  readonly afi: number;
  readonly list: readonly Nlri[];
  readonly addPath: boolean;
  readonly viaMp: boolean;
}

/** The announcements, with their shared attributes already encoded. */
interface AnnounceJob {
  readonly list: readonly Nlri[];
  readonly addPath: boolean;
  /** MP_REACH template (family, next hop) or undefined for IPv4 in the NLRI field. */
  readonly mp: MpReachNlri | undefined;
  /** The encoded attributes other than MP_REACH (rebuilt per message). */
  readonly sharedBytes: Uint8Array;
}

/** What one {@link PackInput} becomes: messages are then cut from these in order. */
interface PackPlan {
  readonly max: number;
  readonly withdraw: readonly WithdrawJob[];
  readonly announce: AnnounceJob | null;
}

/** Whether path identifiers are sent for the family (RFC 7911); no key string when none are. */
function sendsPathIds(ctx: CodecContext, afi: number, safi: number): boolean {
  return ctx.addPathSend.size > 0 && ctx.addPathSend.has(familyKey(afi, safi));
}

// Shared constants: a peer group packs one input per attribute set, ~22k per full table, and
// each fresh `[]` or `{}` here was one more allocation per set.
const NO_JOBS: readonly WithdrawJob[] = Object.freeze([]);
const PLAIN: EncodeAttributesOptions = Object.freeze({});
const READVERTISE: EncodeAttributesOptions = Object.freeze({ readvertise: true });

function withdrawJobs(input: PackInput, ctx: CodecContext, options: PackOptions): readonly WithdrawJob[] {
  const withdraw = input.withdraw;
  if (withdraw === undefined || withdraw.length === 0) return NO_JOBS;
  const jobs: WithdrawJob[] = [];
  // One family (the usual case) needs no filtered copy.
  const first = withdraw[0]!.prefix.afi;
  const mixed = withdraw.some((e) => e.prefix.afi !== first);
  for (const afi of [Afi.IPV4, Afi.IPV6]) {
    const list = mixed ? withdraw.filter((e) => e.prefix.afi === afi) : first === afi ? withdraw : [];
    if (list.length === 0) continue;
    jobs.push({
      afi,
      list,
      addPath: sendsPathIds(ctx, afi, Safi.UNICAST),
      viaMp: afi === Afi.IPV6 || options.ipv4WithdrawViaMp === true,
    });
  }
  return jobs;
}

function plan(input: PackInput, ctx: CodecContext, options: PackOptions, attrWriter: ByteWriter): PackPlan {
  const max = maxLength(ctx);
  const withdraw = withdrawJobs(input, ctx, options);
  const announce = input.announce ?? [];
  if (announce.length === 0) return { max, withdraw, announce: null };
  const attrs = input.attributes ?? {};
  const afi = announce[0]!.prefix.afi;
  for (let i = 1; i < announce.length; i++) {
    if (announce[i]!.prefix.afi !== afi) throw encodeError("announce mixes IPv4 and IPv6 prefixes");
  }
  // An MP_REACH template of the other family (say IPv6 attributes shared with IPv4 prefixes)
  // does not apply: IPv4 then goes in the NLRI field with NEXT_HOP.
  const mp = attrs.mpReach?.afi === afi ? attrs.mpReach : undefined;
  if (mp === undefined && afi !== Afi.IPV4) {
    throw encodeError("IPv6 prefixes need attributes.mpReach (family and next hop)");
  }
  if (mp === undefined && attrs.nextHop === undefined) throw encodeError("IPv4 prefixes need a NEXT_HOP");
  // The shared attributes, encoded once (without MP_REACH, which is rebuilt per message;
  // MP_UNREACH is never shared: withdrawals travel through `withdraw`).
  let rest: PathAttributes = attrs;
  if (attrs.mpReach !== undefined || attrs.mpUnreach !== undefined) {
    const { mpReach: _reach, mpUnreach: _unreach, ...others } = attrs;
    rest = others;
  }
  attrWriter.reset();
  encodePathAttributes(attrWriter, rest, ctx, options.readvertise ? READVERTISE : PLAIN);
  return {
    max,
    withdraw,
    announce: {
      list: announce,
      addPath: sendsPathIds(ctx, afi, mp?.safi ?? Safi.UNICAST),
      mp,
      sharedBytes: attrWriter.view(),
    },
  };
}

/** Appends one withdrawal UPDATE taking prefixes from `job.list[from..]`; returns the next index. */
function writeWithdraw(w: ByteWriter, job: WithdrawJob, from: number, max: number): number {
  const base = w.pos;
  startMessage(w);
  let next: number;
  if (!job.viaMp) {
    w.u16(0);
    next = fill(w, job.list, from, max - (w.pos - base) - 2, job.addPath);
    w.patchU16(base + WITHDRAWN_LENGTH_AT, w.pos - base - HEADER_AND_WITHDRAWN_LENGTH);
    w.u16(0);
  } else {
    w.u16(0);
    w.u16(0);
    const attrAt = w.pos;
    w.u8(AttrFlag.OPTIONAL | AttrFlag.EXTENDED_LENGTH);
    w.u8(AttrType.MP_UNREACH_NLRI);
    w.u16(0);
    w.u16(job.afi);
    w.u8(Safi.UNICAST);
    next = fill(w, job.list, from, max - (w.pos - base), job.addPath);
    w.patchU16(attrAt + 2, w.pos - attrAt - 4);
    w.patchU16(base + HEADER_AND_WITHDRAWN_LENGTH, w.pos - base - HEADER_AND_WITHDRAWN_LENGTH - 2);
  }
  finishMessage(w, base);
  return next;
}

/** Appends one announcement UPDATE taking prefixes from `job.list[from..]`; returns the next index. */
function writeAnnounce(w: ByteWriter, job: AnnounceJob, from: number, max: number): number {
  const base = w.pos;
  startMessage(w);
  w.u16(0);
  const alenAt = w.pos;
  w.u16(0);
  let next: number;
  if (job.mp === undefined) {
    w.bytes(job.sharedBytes);
    w.patchU16(alenAt, w.pos - alenAt - 2);
    next = fill(w, job.list, from, max - (w.pos - base), job.addPath);
  } else {
    const attrAt = w.pos;
    w.u8(AttrFlag.OPTIONAL | AttrFlag.EXTENDED_LENGTH);
    w.u8(AttrType.MP_REACH_NLRI);
    w.u16(0);
    writeMpReachHead(w, job.mp);
    const room = max - (w.pos - base) - job.sharedBytes.length;
    next = fill(w, job.list, from, room, job.addPath);
    w.patchU16(attrAt + 2, w.pos - attrAt - 4);
    w.bytes(job.sharedBytes);
    w.patchU16(alenAt, w.pos - alenAt - 2);
  }
  finishMessage(w, base);
  return next;
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
    throw asEncodeError(e);
  }
}

/**
 * Appends the same UPDATE messages as {@link packUpdates} yields, back to back, to `out` (an
 * unlimited writer), so many messages become one buffer: one socket write instead of one per
 * message, and one allocation instead of one per message. On error nothing is appended.
 * @returns the number of messages appended
 * @throws BgpWireError (code 0) as {@link packUpdates}
 */
export function packUpdatesInto(
  out: ByteWriter,
  input: PackInput,
  ctx: CodecContext,
  options: PackOptions = {},
): number {
  const start = out.pos;
  let n = 0;
  try {
    // Used synchronously, so the shared attribute scratch cannot be overwritten meanwhile.
    const p = plan(input, ctx, options, attrScratch);
    for (const job of p.withdraw) {
      for (let i = 0; i < job.list.length; n++) i = writeWithdraw(out, job, i, p.max);
    }
    const a = p.announce;
    if (a !== null) for (let i = 0; i < a.list.length; n++) i = writeAnnounce(out, a, i, p.max);
  } catch (e) {
    out.truncate(start);
    throw asEncodeError(e);
  }
  return n;
}

function asEncodeError(e: unknown): unknown {
  // The writer's hard limit is the message size: hitting it means the attributes alone do not fit.
  return e instanceof RangeError ? encodeError(`UPDATE does not fit: ${e.message}`) : e;
}

/**
 * One message writer per size limit, shared by every packer: a fresh 4 KB (or 64 KB) writer per
 * call was ~30% of the reflect-to-9-clients profile. Sharing is safe even with several packers
 * alive at once because a message is written and copied out (`finish`) between yields.
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
/** Attribute scratch of {@link packUpdatesInto} (the generator keeps its own across yields). */
const attrScratch = new ByteWriter(512);

function* pack(input: PackInput, ctx: CodecContext, options: PackOptions): Generator<Uint8Array> {
  // A generator suspends between messages and another packer may run meanwhile: its attribute
  // bytes live in a writer of its own.
  const p = plan(input, ctx, options, new ByteWriter(512));
  const w = scratchWriter(p.max);
  for (const job of p.withdraw) {
    for (let i = 0; i < job.list.length; ) {
      w.reset();
      i = writeWithdraw(w, job, i, p.max);
      yield w.finish();
    }
  }
  const a = p.announce;
  if (a === null) return;
  for (let i = 0; i < a.list.length; ) {
    w.reset();
    i = writeAnnounce(w, a, i, p.max);
    yield w.finish();
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
