/**
 * One flush of an Adj-RIB-Out: the UPDATEs every member gets (built and encoded once per
 * batch), plus the per-peer differences that split horizon makes for members that were the
 * source of some of the paths.
 */
import type { CodecContext, FamilyKey, UpdateMessage } from "@tsbgp/bgp-wire";
import type { Peer } from "../peer.js";
import { encodeUpdateBatch, encodeUpdates, type WireBatch } from "./encode.js";
import type { UpdateBuilder } from "./update-builder.js";

/** The family an UPDATE carries: MP_REACH/MP_UNREACH's, else IPv4 unicast (RFC 4760 §1). */
export function updateFamily(m: UpdateMessage): FamilyKey {
  const mp = m.attributes.mpReach ?? m.attributes.mpUnreach;
  return mp === undefined ? "1/1" : `${mp.afi}/${mp.safi}`;
}

const EMPTY_WIRE: WireBatch = Object.freeze({ bytes: new Uint8Array(0), count: 0 });

/** The UPDATEs of one flush: one shared list, plus per-peer lists for split-horizon exceptions. */
export class OutBatch {
  private readonly cache = new Map<Peer, readonly UpdateMessage[]>();
  private readonly sharedBytes = new Map<string, readonly Uint8Array[]>();
  private readonly sharedWire = new Map<string, WireBatch>();
  private families: ReadonlySet<FamilyKey> | null = null;

  /** The UPDATEs every member without a split-horizon exception receives (built once). */
  readonly shared: readonly UpdateMessage[];

  /**
   * Made by `AdjRibOut.flush`: `sharedBuilder` holds every change, its entries tagged with the
   * members they are kept from; `exceptions` has a builder for each such member with what it
   * gets instead (other sources' paths, withdrawals of what it was sent before).
   */
  constructor(
    private readonly sharedBuilder: UpdateBuilder,
    private readonly exceptions: ReadonlyMap<Peer, UpdateBuilder>,
  ) {
    this.shared = sharedBuilder.build();
  }

  /** True when there is nothing to send to anyone. */
  get empty(): boolean {
    return this.shared.length === 0 && this.exceptions.size === 0;
  }

  /** The UPDATEs for one member: the shared list itself unless split horizon applies to it. */
  for(peer: Peer): readonly UpdateMessage[] {
    const ex = this.exceptions.get(peer);
    if (ex === undefined) return this.shared;
    let msgs = this.cache.get(peer);
    if (msgs === undefined) {
      msgs = [...this.sharedBuilder.buildWithout(peer), ...ex.build()];
      this.cache.set(peer, msgs);
    }
    return msgs;
  }

  /**
   * The member's UPDATEs as wire messages. Members without a split-horizon exception share one
   * encoding per batch for each distinct set of negotiated encoding options (sessions have
   * their own context objects, but members of a group normally negotiate alike).
   */
  encodedFor(peer: Peer, ctx: CodecContext): readonly Uint8Array[] {
    if (this.exceptions.has(peer)) return encodeUpdates(this.for(peer), ctx);
    const key = encodingKey(ctx);
    let bytes = this.sharedBytes.get(key);
    if (bytes === undefined) {
      bytes = encodeUpdates(this.shared, ctx);
      this.sharedBytes.set(key, bytes);
    }
    return bytes;
  }

  /**
   * The member's UPDATEs as one buffer of back-to-back wire messages, keeping only the
   * families in `families` when given (the ones negotiated with that member: sending another is
   * an UPDATE error for it, RFC 4760 §8). Members without a split-horizon exception that
   * negotiated alike get the very same buffer, so one encoding is written to every socket.
   */
  wireFor(peer: Peer, ctx: CodecContext, families?: readonly FamilyKey[]): WireBatch {
    const filter = families === undefined ? null : this.familyFilter(families);
    if (this.exceptions.has(peer)) {
      const msgs = this.for(peer);
      return msgs.length === 0 ? EMPTY_WIRE : encodeUpdateBatch(keepFamilies(msgs, filter), ctx);
    }
    if (this.shared.length === 0) return EMPTY_WIRE;
    const key = filter === null ? encodingKey(ctx) : `${encodingKey(ctx)}|${[...filter].sort().join(",")}`;
    let wire = this.sharedWire.get(key);
    if (wire === undefined) {
      wire = encodeUpdateBatch(keepFamilies(this.shared, filter), ctx);
      this.sharedWire.set(key, wire);
    }
    return wire;
  }

  /** The families of this batch that `families` lacks, as a keep-set; null when none is missing. */
  private familyFilter(families: readonly FamilyKey[]): ReadonlySet<FamilyKey> | null {
    if (this.families === null) {
      const s = new Set<FamilyKey>();
      for (const m of this.shared) s.add(updateFamily(m));
      for (const ex of this.exceptions.values()) for (const m of ex.build()) s.add(updateFamily(m));
      this.families = s;
    }
    for (const f of this.families) if (!families.includes(f)) return new Set(families);
    return null;
  }
}

function keepFamilies(
  msgs: readonly UpdateMessage[],
  keep: ReadonlySet<FamilyKey> | null,
): readonly UpdateMessage[] {
  return keep === null ? msgs : msgs.filter((m) => keep.has(updateFamily(m)));
}

/** What in a codec context changes how sent UPDATEs are encoded. */
function encodingKey(ctx: CodecContext): string {
  return `${ctx.asn4 ? 4 : 2}|${ctx.extendedMessage ? "x" : ""}|${[...ctx.addPathSend].sort().join(",")}|${[...ctx.extendedNextHop].sort().join(",")}`;
}
