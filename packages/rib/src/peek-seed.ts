/**
 * A hand-over between the RIB's UPDATE fast path and {@link AttrSet.peekAttrs}: what the UPDATE
 * being applied decoded its attribute bytes to, so the import checks right after interning a
 * compact set do not decode the same bytes again. Internal (not exported from the package).
 */
import type { PathAttributes } from "@tsbgp/bgp-wire";
import type { AttrSet } from "./attr-store.js";

/** The set last interned from an UPDATE, and its decoded attributes (which may alias the message buffer). */
export const peekSeed: { set: AttrSet | null; attrs: PathAttributes | null } = { set: null, attrs: null };

/** Lets `set.peekAttrs()` return `attrs` until {@link clearPeekSeed}. */
export function seedPeek(set: AttrSet, attrs: PathAttributes): void {
  peekSeed.set = set;
  peekSeed.attrs = attrs;
}

/** Forgets what {@link seedPeek} handed over (the message buffer may be reused next). */
export function clearPeekSeed(): void {
  peekSeed.set = null;
  peekSeed.attrs = null;
}
