/**
 * Keeps a peer's UPDATEs to the families negotiated with it. One Adj-RIB-Out group can hold
 * IPv4 and IPv6 routes while a member's session carries only one family; sending it the other
 * is an UPDATE error for the peer (ExaBGP: "presented a non-negotiated family"), since only
 * families both sides advertised in the Multiprotocol capability may be used (RFC 4760 §8).
 */
import type { FamilyKey, UpdateMessage } from "@tsbgp/bgp-wire";
import { updateFamily } from "@tsbgp/rib";

// The family of an UPDATE is the RIB's own notion (its Adj-RIB-Out filters batches the same way).
export { updateFamily };

/** The UPDATEs of `msgs` whose family is in `families`. */
export function onlyNegotiated(
  msgs: readonly UpdateMessage[],
  families: readonly FamilyKey[],
): UpdateMessage[] {
  return msgs.filter((m) => families.includes(updateFamily(m)));
}
