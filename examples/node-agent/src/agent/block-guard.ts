/**
 * Block ownership: every container block has one owner node (from the cluster list). A route
 * for (part of) a block whose next hop is not the owner is rejected and reported — Calico's
 * IPAM guarantees one owner, so such an announcement is a misconfigured or rogue node.
 */
import type { PathAttributes, Prefix } from "@tsbgp/bgp-wire";
import type { Policy } from "@tsbgp/rib";
import { blocksOverlap, type IpBlock, parseBlock } from "../config/ip.js";
import { addressText } from "./kernel-routes.js";
import { formatPrefix } from "@tsbgp/bgp-wire";

/** One block and the node that owns it. */
export interface BlockOwner {
  readonly block: IpBlock;
  /** Owner's name. */
  readonly node: string;
  /** Owner's addresses (any of them is a valid next hop for its blocks). */
  readonly addresses: readonly string[];
}

/** Reported for each rejected announcement. */
export interface BlockConflict {
  readonly prefix: string;
  readonly owner: string;
  readonly nextHop: string;
  readonly peer: string;
}

/** The next hop of a route's attributes as text, or `undefined`. */
export function nextHopText(attrs: PathAttributes): string | undefined {
  const nh = attrs.mpReach?.nextHop ?? attrs.nextHop ?? null;
  return nh === null ? undefined : addressText(nh);
}

/** The owner whose block overlaps `prefix`, if any. */
export function ownerOf(owners: readonly BlockOwner[], prefix: Prefix): BlockOwner | undefined {
  const parsed = parseBlock(formatPrefix(prefix));
  if (typeof parsed === "string") return undefined;
  return owners.find((o) => blocksOverlap(o.block, parsed));
}

/** An import policy that rejects and reports routes for blocks owned by another node. */
export function blockGuard(owners: readonly BlockOwner[], report: (c: BlockConflict) => void): Policy {
  return (route) => {
    const owner = ownerOf(owners, route.prefix);
    if (owner === undefined) return route.attrs;
    const nextHop = nextHopText(route.attrs) ?? "(none)";
    if (owner.addresses.includes(nextHop)) return route.attrs;
    report({ prefix: formatPrefix(route.prefix), owner: owner.node, nextHop, peer: route.peer.name });
    return null;
  };
}
