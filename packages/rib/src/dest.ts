/**
 * The RIB's per-prefix record: one prefix with every candidate route and the decision's outcome.
 * The prefix is stored inline (IPv4 address as an int32, or the 16 IPv6 bytes) with its length,
 * family, the decision reason and the dirty flag packed in one integer; no strings.
 *
 * A record is a plain object literal with no prototype of its own, and everything done with it
 * is a function of this module. Why not a class: a table holds a million of these, and how they
 * are allocated is a large part of ingesting one.
 * - Literals let V8 see that nearly all of these objects live long and allocate them straight in
 *   the old generation (allocation-site pretenuring). It does not do that for `new`, whose
 *   objects every young-generation collection they survive copies.
 * - A literal with `__proto__: X.prototype` is no longer a plain literal: V8 (11.3, Node 20)
 *   creates it, then changes its prototype with a runtime call, ~35 ns each.
 * On the shared bench harness's 1M-prefix feed, the class form cost ~60 ms of a ~0.67 s ingest.
 * The public {@link Destination} is a view over a record, made on demand.
 */
import type { Prefix } from "@tsbgp/bgp-wire";
import { DecisionReason, type DecisionReasonName } from "./decision/reason.js";
import { Route } from "./route.js";

/** One prefix's record in the RIB's table (internal; the public form is {@link Destination}). */
export interface Dest {
  /**
   * The routes: a lone route bare (most prefixes have one), else an array that is copy-on-write
   * (replaced, never mutated) so it can be shared and compared.
   */
  r: Route | readonly Route[];
  /** The multipath set, best first, stored the same way (an empty array when there is no best). */
  e: Route | readonly Route[];
  /** The IPv4 address as an int32 (host bits clear), or the IPv6 address's 16 bytes. */
  readonly addr: number | Uint8Array;
  /** Length (bits 0-7), IPv6 (bit 8), dirty (bit 9), decision reason + 1 (bits 10 up; 0: none). */
  meta: number;
}

const REASONS: readonly DecisionReasonName[] = Object.values(DecisionReason);
const LEN_MASK = 0xff;
const V6 = 0x100;
const DIRTY = 0x200;
const REASON_SHIFT = 10;

/** The empty route list and ECMP set. */
export const NO_ROUTES: readonly Route[] = Object.freeze([]);

/** A record for an IPv4 prefix given as numbers (`addr` with host bits cleared), no routes yet. */
export function destV4(addr: number, len: number): Dest {
  // Every record has these four fields in this order: one hidden class for all of them.
  return { r: NO_ROUTES, e: NO_ROUTES, addr: addr | 0, meta: len };
}

/** A record for a canonical prefix (host bits cleared), no routes yet. */
export function destOf(prefix: Prefix): Dest {
  if (prefix.afi === 1) return destV4(prefix.addr, prefix.len);
  // The IPv6 bytes are copied: the caller's array may be reused or changed later.
  return { r: NO_ROUTES, e: NO_ROUTES, addr: new Uint8Array(prefix.addr), meta: prefix.len | V6 };
}

/**
 * An IPv4 record's masked address as an int32: the key the RIB's prefix index reads from the
 * record itself instead of keeping a copy (meaningless for IPv6).
 */
export function destV4Key(d: Dest): number {
  return d.addr as number;
}

/** The prefix (a fresh object on each call: keep it if you need identity). */
export function destPrefix(d: Dest): Prefix {
  const len = d.meta & LEN_MASK;
  const a = d.addr;
  return typeof a === "number" ? { afi: 1, addr: a >>> 0, len } : { afi: 2, addr: a, len };
}

/** Address family of the prefix. */
export function destAfi(d: Dest): 1 | 2 {
  return (d.meta & V6) !== 0 ? 2 : 1;
}

/** Number of routes, without building an array. */
export function routeCount(d: Dest): number {
  const r = d.r;
  return r instanceof Route ? 1 : r.length;
}

/** The i-th route, without building an array. */
export function routeAt(d: Dest, i: number): Route | undefined {
  const r = d.r;
  return r instanceof Route ? (i === 0 ? r : undefined) : r[i];
}

/** All routes, in arrival order (a fresh array for a lone route; do not mutate). */
export function routesOf(d: Dest): readonly Route[] {
  const r = d.r;
  return r instanceof Route ? [r] : r;
}

/** Replaces the routes (a lone route is stored bare). */
export function setRoutes(d: Dest, v: readonly Route[]): void {
  d.r = v.length === 1 ? v[0]! : v;
}

/** The multipath set, best first (do not mutate). */
export function ecmpOf(d: Dest): readonly Route[] {
  const e = d.e;
  return e instanceof Route ? [e] : e;
}

/** Replaces the multipath set (a lone route is stored bare). */
export function setEcmp(d: Dest, v: readonly Route[]): void {
  d.e = v.length === 1 ? v[0]! : v;
}

/** The best route, or null when no route is usable. */
export function bestOf(d: Dest): Route | null {
  const e = d.e;
  return e instanceof Route ? e : (e[0] ?? null);
}

/** Why the best won against its closest contender. */
export function reasonOf(d: Dest): DecisionReasonName | null {
  const i = d.meta >>> REASON_SHIFT;
  return i === 0 ? null : REASONS[i - 1]!;
}

/** Records why the best won (null: no best). */
export function setReason(d: Dest, r: DecisionReasonName | null): void {
  const i = r === null ? 0 : REASONS.indexOf(r) + 1;
  d.meta = (d.meta & ((1 << REASON_SHIFT) - 1)) | (i << REASON_SHIFT);
}

/** True while the record waits in the change stream's dirty list. */
export function isDirty(d: Dest): boolean {
  return (d.meta & DIRTY) !== 0;
}

/** Sets or clears the dirty flag. */
export function setDirty(d: Dest, v: boolean): void {
  d.meta = v ? d.meta | DIRTY : d.meta & ~DIRTY;
}

/** A path ID for a new route: one above the highest in use. */
export function nextTxPathId(d: Dest): number {
  let max = 0;
  const n = routeCount(d);
  for (let i = 0; i < n; i++) max = Math.max(max, routeAt(d, i)!.txPathId);
  return max + 1;
}
