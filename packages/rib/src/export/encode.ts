/**
 * Encoding the Adj-RIB-Out's UPDATE objects to wire bytes with the bgp-wire packer, which fills
 * each message up to the negotiated size (4096, or 65535 with RFC 8654).
 */
import type { CodecContext, Nlri, UpdateMessage } from "@tsbgp/bgp-wire";
import { packUpdates } from "@tsbgp/bgp-wire";

/** Encodes UPDATE objects (as built by the Adj-RIB-Out) into whole wire messages. */
export function encodeUpdates(msgs: readonly UpdateMessage[], ctx: CodecContext): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of msgs) {
    const { mpUnreach, ...attributes } = m.attributes;
    const withdraw: Nlri[] = [...m.withdrawn, ...(mpUnreach?.withdrawn ?? [])];
    const announce = m.nlri.length > 0 ? m.nlri : (attributes.mpReach?.nlri ?? []);
    const input = announce.length > 0 ? { attributes, announce, withdraw } : { withdraw };
    for (const bytes of packUpdates(input, ctx)) out.push(bytes);
  }
  return out;
}
