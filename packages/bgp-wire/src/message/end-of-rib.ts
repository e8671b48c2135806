/**
 * The End-of-RIB marker of graceful restart (RFC 4724 §2): an UPDATE with nothing in it for
 * IPv4 unicast, and an UPDATE whose only attribute is an empty MP_UNREACH_NLRI for any other
 * family.
 */
import { Afi, Safi } from "../constants.js";
import { type FamilyKey, familyKey } from "../context.js";
import type { PathAttributes } from "../types/attributes.js";
import type { UpdateMessage } from "../types/messages.js";

function onlyMpUnreach(a: PathAttributes): boolean {
  for (const k of Object.keys(a) as (keyof PathAttributes)[]) {
    if (k === "wire" || k === "mpUnreach") continue;
    if (a[k] !== undefined) return false;
  }
  return true;
}

/** The family an UPDATE marks the End-of-RIB of, or null if it is not an End-of-RIB marker. */
export function isEndOfRib(msg: UpdateMessage): FamilyKey | null {
  if (msg.withdrawn.length !== 0 || msg.nlri.length !== 0) return null;
  const a = msg.attributes;
  const mp = a.mpUnreach;
  if (mp === undefined) {
    for (const k of Object.keys(a) as (keyof PathAttributes)[]) {
      if (k !== "wire" && a[k] !== undefined) return null;
    }
    return familyKey(Afi.IPV4, Safi.UNICAST);
  }
  if (mp.withdrawn.length !== 0 || mp.withdrawnBytes.length !== 0 || !onlyMpUnreach(a)) return null;
  return familyKey(mp.afi, mp.safi);
}

/** The End-of-RIB marker of a family (RFC 4724 §2). */
export function endOfRib(afi: number, safi: number): UpdateMessage {
  if (afi === Afi.IPV4 && safi === Safi.UNICAST)
    return { type: "UPDATE", withdrawn: [], attributes: {}, nlri: [] };
  return {
    type: "UPDATE",
    withdrawn: [],
    attributes: { mpUnreach: { afi, safi, withdrawn: [], withdrawnBytes: new Uint8Array(0) } },
    nlri: [],
  };
}
