/**
 * Keeps a peer's UPDATEs to the families negotiated with it. One Adj-RIB-Out group can hold
 * IPv4 and IPv6 routes while a member's session carries only one family; sending it the other
 * is an UPDATE error for the peer (ExaBGP: "presented a non-negotiated family"), since only
 * families both sides advertised in the Multiprotocol capability may be used (RFC 4760 §8).
 */
import type { FamilyKey, UpdateMessage } from "@tsbgp/bgp-wire";

/** The family an UPDATE carries: MP_REACH/MP_UNREACH's, else IPv4 unicast (RFC 4760 §1). */
export function updateFamily(m: UpdateMessage): FamilyKey {
  const mp = m.attributes.mpReach ?? m.attributes.mpUnreach;
  return mp === undefined ? "1/1" : `${mp.afi}/${mp.safi}`;
}

/** Whether every family in `msgs` is in `families` (then the shared encoding can be sent as is). */
export function allNegotiated(msgs: readonly UpdateMessage[], families: readonly FamilyKey[]): boolean {
  return msgs.every((m) => families.includes(updateFamily(m)));
}

/** The UPDATEs of `msgs` whose family is in `families`. */
export function onlyNegotiated(
  msgs: readonly UpdateMessage[],
  families: readonly FamilyKey[],
): UpdateMessage[] {
  return msgs.filter((m) => families.includes(updateFamily(m)));
}
