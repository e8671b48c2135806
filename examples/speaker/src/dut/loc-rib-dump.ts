/**
 * The Loc-RIB as JSON, for differential tests that compare our best paths with another
 * daemon's: one entry per prefix with a best path, its peer, the decision step that chose it
 * and the attributes in the speaker's usual JSON shape.
 */
import { renameSync, writeFileSync } from "node:fs";
import { formatPrefix } from "@tsbgp/bgp-wire";
import type { Rib } from "@tsbgp/rib";
import { attributesJson } from "../output.js";

/** One best path as dumped. */
export interface LocRibEntry {
  /** Prefix in CIDR notation. */
  readonly prefix: string;
  /** Name of the peer the best path came from (its address). */
  readonly peer: string;
  /** The decision step that separated it from the runner-up (`DecisionReason`). */
  readonly reason: string | null;
  /** How many paths the prefix has (every peer's, accepted or not). */
  readonly paths: number;
  /** How many of them the import checks and policy accepted (candidates for best). */
  readonly accepted: number;
  /** Attributes as {@link attributesJson} writes them. */
  readonly [attribute: string]: unknown;
}

/**
 * Every best path of `rib`, sorted by prefix text so dumps of the same RIB are identical.
 * Prefixes without a best path (every route rejected) are left out.
 */
export function locRibEntries(rib: Rib): LocRibEntry[] {
  const out: LocRibEntry[] = [];
  for (const d of rib.destinations()) {
    const best = d.best;
    if (best === null || best.attrs === null) continue;
    out.push({
      prefix: formatPrefix(d.prefix),
      peer: best.peer.name,
      reason: d.reason,
      paths: d.routeCount,
      accepted: d.routes.filter((r) => r.attrs !== null).length,
      ...attributesJson(best.attrs.attrs),
    });
  }
  return out.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

/** Writes {@link locRibEntries} to `file` (through a temporary file and a rename: readers never see half). */
export function writeLocRib(rib: Rib, file: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(locRibEntries(rib))}\n`);
  renameSync(tmp, file);
}
