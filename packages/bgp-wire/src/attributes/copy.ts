/**
 * The explicit copy that goes with zero-copy decoding (STYLE.md): decoded attributes hold views
 * into the input (extended communities, raw attributes, MP_* raw fields), which keep the whole
 * input buffer alive. A RIB that stores attributes copies them once, here.
 */
import type { PathAttributes } from "../types/attributes.js";
import type { MutablePathAttributes } from "./descriptor.js";

/**
 * A copy of `attrs` that shares no memory with any input buffer (every `Uint8Array` view is
 * copied; numbers, arrays of numbers and frozen-shape objects are reused, being immutable).
 * Returns `attrs` itself when it holds no views.
 */
export function copyPathAttributes(attrs: PathAttributes): PathAttributes {
  const { extendedCommunities, unknown, mpReach, mpUnreach } = attrs;
  if (!extendedCommunities && !unknown && !mpReach && !mpUnreach) return attrs;
  const out: MutablePathAttributes = { ...attrs };
  if (extendedCommunities) out.extendedCommunities = extendedCommunities.map((c) => c.slice());
  if (unknown) out.unknown = unknown.map((u) => ({ flags: u.flags, type: u.type, value: u.value.slice() }));
  if (mpReach) {
    out.mpReach = {
      ...mpReach,
      nextHopBytes: mpReach.nextHopBytes.slice(),
      nlriBytes: mpReach.nlriBytes.slice(),
    };
  }
  if (mpUnreach) out.mpUnreach = { ...mpUnreach, withdrawnBytes: mpUnreach.withdrawnBytes.slice() };
  return out;
}
