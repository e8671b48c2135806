/**
 * Import and export policies are plain typed functions: a route in, the (possibly rewritten)
 * attributes out, or null to reject. Composition and the declarative loader build such
 * functions; a hand-written one works the same.
 */
import type { PathAttributes, Prefix } from "@tsbgp/bgp-wire";
import type { Peer } from "../peer.js";

/** The route a policy sees. */
export interface PolicyRoute {
  /** The prefix. */
  readonly prefix: Prefix;
  /** Its attributes (frozen: return a new object to change them). */
  readonly attrs: PathAttributes;
  /** The peer the route was learned from (on export too: the target is the policy's owner). */
  readonly peer: Peer;
}

/** A policy: the attributes to keep (the same object when unchanged), or null to reject. */
export type Policy = (route: PolicyRoute) => PathAttributes | null;

/** Accepts everything unchanged (the default import and export policy). */
export const acceptAll: Policy = (r) => r.attrs;

/** Rejects everything. */
export const rejectAll: Policy = () => null;
