/**
 * The per-prefix steps of an Adj-RIB-Out flush: what turns the paths last sent for a prefix
 * into the paths it has now, for the whole group or for one member under split horizon.
 */
import type { Prefix } from "@tsbgp/bgp-wire";
import type { Peer } from "../peer.js";
import type { OutPath } from "./adj-rib-out.js";
import type { SplitHorizon, UpdateBuilder } from "./update-builder.js";

/**
 * The paths of one prefix. A single path stands for itself: a best-path group holds one per
 * prefix, and a one-element array for each would be 56 more bytes and one more object per
 * prefix for the garbage collector to trace.
 */
export type Paths = OutPath | readonly OutPath[];

/** Number of paths in `p`. */
export function pathCount(p: Paths): number {
  return Array.isArray(p) ? p.length : 1;
}

/** The `i`-th path of `p`. */
export function pathAt(p: Paths, i: number): OutPath {
  return Array.isArray(p) ? (p as readonly OutPath[])[i]! : (p as OutPath);
}

/** `p` as a list. */
export function pathList(p: Paths): readonly OutPath[] {
  return Array.isArray(p) ? (p as readonly OutPath[]) : [p as OutPath];
}

// Indexed loops on this per-prefix path: for-of iterators showed up as ~17 MB of garbage per
// 100k-prefix table in an allocation profile.

function findPath(paths: Paths, pathId: number, without: Peer | null): OutPath | undefined {
  const n = pathCount(paths);
  for (let i = 0; i < n; i++) {
    const p = pathAt(paths, i);
    if (p.pathId === pathId && p.source !== without) return p;
  }
  return undefined;
}

/**
 * Adds to `b` what turns `old` into `now` for one prefix, ignoring the paths learned from
 * `without` (split horizon for that peer) when given.
 */
export function diff(
  prefix: Prefix,
  old: Paths,
  now: Paths,
  withIds: boolean,
  b: UpdateBuilder,
  without: Peer | null = null,
  tag: SplitHorizon = null,
): void {
  const nNow = pathCount(now);
  for (let i = 0; i < nNow; i++) {
    const p = pathAt(now, i);
    if (p.source === without) continue;
    const o = findPath(old, p.pathId, without);
    if (o === undefined || o.set !== p.set)
      b.announce(p.set, withIds ? { prefix, pathId: p.pathId } : { prefix }, tag);
  }
  const nOld = pathCount(old);
  for (let i = 0; i < nOld; i++) {
    const o = pathAt(old, i);
    if (o.source === without) continue;
    if (findPath(now, o.pathId, without) === undefined)
      b.withdraw(withIds ? { prefix, pathId: o.pathId } : { prefix }, tag);
  }
}

/** True when every path of both lists was learned from `src`. */
export function onlyFrom(src: Peer, old: Paths, now: Paths): boolean {
  for (let i = 0, n = pathCount(old); i < n; i++) if (pathAt(old, i).source !== src) return false;
  for (let i = 0, n = pathCount(now); i < n; i++) if (pathAt(now, i).source !== src) return false;
  return true;
}

/** The source of the `i`-th path of `old` ++ `now`. */
export function sourceAt(old: Paths, now: Paths, i: number): Peer {
  const nOld = pathCount(old);
  return (i < nOld ? pathAt(old, i) : pathAt(now, i - nOld)).source;
}

/** True when `src` is the source of a path earlier than `i` in `old` ++ `now` (already handled). */
export function seenBefore(src: Peer, old: Paths, now: Paths, i: number): boolean {
  for (let k = 0; k < i; k++) if (sourceAt(old, now, k) === src) return true;
  return false;
}
