/**
 * Encoding the Adj-RIB-Out's UPDATE objects to wire bytes with the bgp-wire packer, which fills
 * each message up to the negotiated size (4096, or 65535 with RFC 8654).
 */
import type { CodecContext, Nlri, PackInput, UpdateMessage } from "@tsbgp/bgp-wire";
import { ByteWriter, packUpdates, packUpdatesInto } from "@tsbgp/bgp-wire";

/**
 * Whole UPDATE messages laid back to back in one buffer: what a session writes to its socket
 * in one call. `bytes` is owned by whoever holds the batch (nothing writes into it later) and is
 * shared, unchanged, by every member that receives the same encoding.
 */
export interface WireBatch {
  /** The messages, each with its 19-byte header, one after the other. */
  readonly bytes: Uint8Array;
  /** Number of messages in `bytes`. */
  readonly count: number;
}

/** The packer's input for one UPDATE object (its attributes, announcements and withdrawals). */
function packInput(m: UpdateMessage): PackInput {
  const a = m.attributes;
  // The packer ignores MP_UNREACH in `attributes` (withdrawals travel through `withdraw`), so
  // the attributes are passed as they are: no per-message copy without it.
  const unreach = a.mpUnreach?.withdrawn;
  const withdraw: readonly Nlri[] =
    unreach === undefined || unreach.length === 0
      ? m.withdrawn
      : m.withdrawn.length === 0
        ? unreach
        : [...m.withdrawn, ...unreach];
  const announce = m.nlri.length > 0 ? m.nlri : (a.mpReach?.nlri ?? []);
  return announce.length > 0 ? { attributes: a, announce, withdraw } : { withdraw };
}

/** Encodes UPDATE objects (as built by the Adj-RIB-Out) into whole wire messages. */
export function encodeUpdates(msgs: readonly UpdateMessage[], ctx: CodecContext): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of msgs) for (const bytes of packUpdates(packInput(m), ctx)) out.push(bytes);
  return out;
}

/**
 * Encodes UPDATE objects into one buffer of back-to-back messages (the same messages, in the
 * same order, as {@link encodeUpdates}): one allocation and one socket write for a whole batch
 * instead of one per message.
 */
export function encodeUpdateBatch(msgs: readonly UpdateMessage[], ctx: CodecContext): WireBatch {
  // A guess that avoids most regrowth: reflected UPDATEs of a full table average ~105 bytes.
  const w = new ByteWriter(Math.max(256, msgs.length * 128));
  let count = 0;
  for (const m of msgs) count += packUpdatesInto(w, packInput(m), ctx);
  // A view, not a copy: this writer is dropped here, so nothing else ever writes into it.
  return { bytes: w.view(), count };
}
