/**
 * Splits a decoded UPDATE into what the RIB acts on: withdrawals, groups of NLRI sharing one
 * attribute set, the RFC 7606 verdict and End-of-RIB detection.
 */
import type { AfiCode, LazyUpdateMessage, Nlri, PathAttributes, UpdateMessage } from "@tsbgp/bgp-wire";
import { Rfc7606Action, Safi } from "@tsbgp/bgp-wire";

/** NLRI announced with one attribute set. */
export interface ReachGroup {
  readonly attrs: PathAttributes;
  readonly nlri: readonly Nlri[];
}

/** The parts of an UPDATE the RIB uses. */
export interface UpdateParts {
  /** IPv4 Withdrawn Routes plus IPv4/IPv6 unicast MP_UNREACH_NLRI. */
  readonly withdrawn: readonly Nlri[];
  /** Announcements: the NLRI field, and MP_REACH_NLRI (IPv4/IPv6 unicast). */
  readonly reach: readonly ReachGroup[];
  /** The UPDATE must be treated as withdrawing all its NLRI (RFC 7606 §2). */
  readonly treatAsWithdraw: boolean;
  /** End-of-RIB for this family (RFC 4724 §2), else null. */
  readonly endOfRib: AfiCode | null;
}

function unicastAfi(afi: number, safi: number): AfiCode | null {
  return safi === Safi.UNICAST && (afi === 1 || afi === 2) ? afi : null;
}

/** Classifies a decoded UPDATE. */
export function classifyUpdate(msg: UpdateMessage): UpdateParts {
  const a = msg.attributes;
  const withdrawn: Nlri[] = [...msg.withdrawn];
  const un = a.mpUnreach;
  if (un !== undefined && unicastAfi(un.afi, un.safi) !== null) withdrawn.push(...un.withdrawn);
  const reach: ReachGroup[] = [];
  if (msg.nlri.length > 0) {
    // The NLRI field's next hop is NEXT_HOP: keep MP_REACH_NLRI's next hop out of its set.
    let v4 = a;
    if (a.mpReach !== undefined) {
      const { mpReach: _m, ...rest } = a;
      v4 = rest;
    }
    reach.push({ attrs: v4, nlri: msg.nlri });
  }
  const mp = a.mpReach;
  if (mp !== undefined && unicastAfi(mp.afi, mp.safi) !== null && mp.nlri.length > 0)
    reach.push({ attrs: a, nlri: mp.nlri });
  return { withdrawn, reach, treatAsWithdraw: treatsAsWithdraw(msg.action), endOfRib: endOfRib(msg) };
}

/** True when an RFC 7606 action withdraws the UPDATE's NLRI (treat-as-withdraw or stronger, §2). */
export function treatsAsWithdraw(action: string | undefined): boolean {
  return (
    action === Rfc7606Action.TREAT_AS_WITHDRAW ||
    action === Rfc7606Action.AFI_SAFI_DISABLE ||
    action === Rfc7606Action.SESSION_RESET
  );
}

/**
 * True for a lazily decoded UPDATE (what `decodeMessage` returns), whose raw sections can be
 * walked and hashed without decoding them; a plain UpdateMessage object is not.
 */
export function isLazyUpdate(msg: UpdateMessage): msg is LazyUpdateMessage {
  return (msg as Partial<LazyUpdateMessage>).nlriCount !== undefined && "attributeBytes" in msg;
}

function endOfRib(msg: UpdateMessage): AfiCode | null {
  if (msg.withdrawn.length > 0 || msg.nlri.length > 0) return null;
  const keys = Object.keys(msg.attributes).filter((k) => k !== "wire" && k !== "problems");
  // RFC 4724 §2: IPv4 unicast EoR is an UPDATE with nothing in it.
  if (keys.length === 0) return 1;
  const un = msg.attributes.mpUnreach;
  if (keys.length === 1 && un !== undefined && un.withdrawnBytes.length === 0 && un.withdrawn.length === 0)
    return unicastAfi(un.afi, un.safi);
  return null;
}
