/**
 * The coalescing change stream. The RIB marks a destination dirty when its decision may have
 * changed; a flush compares each dirty destination's multipath set with the one last reported
 * and emits at most one {@link RouteChange} per prefix, so bursts collapse into one batch.
 */
import type { RouteChange, RouteChangeListener, RouteSummary } from "./change.js";
import type { IpAddress, PathAttributes, Prefix } from "@tsbgp/bgp-wire";
import type { AttrSet } from "./attr-store.js";
import type { Peer } from "./peer.js";
import { type Dest, destPrefix, isDirty, routeCount, setDirty } from "./dest.js";
import { Route } from "./route.js";

/** Schedules a flush; `null` means the owner calls `flush()` itself. */
export type FlushScheduler = ((flush: () => void) => void) | null;

/**
 * A best path as the change stream reports it. `attrs` is a getter: a consumer that only reads
 * the next hop (route-sync) does not make every compact attribute set decode itself.
 */
class Summary {
  constructor(
    private readonly set: AttrSet,
    readonly peer: Peer,
    readonly pathId: number,
    readonly igpCost: number,
  ) {}

  get nextHop(): IpAddress | null {
    return this.set.nextHop;
  }

  get attrs(): PathAttributes {
    return this.set.attrs;
  }

  get linkLocal(): IpAddress | undefined {
    // Compact sets never carry MP_REACH_NLRI, so only a decoded one can have a link-local hop.
    return this.set.compact ? undefined : this.set.attrs.mpReach?.linkLocal;
  }

  /** Plain data for logs and `JSON.stringify` (getters live on the prototype). */
  toJSON(): object {
    const ll = this.linkLocal;
    return {
      nextHop: this.nextHop,
      attrs: this.attrs,
      peer: this.peer,
      pathId: this.pathId,
      igpCost: this.igpCost,
      ...(ll ? { linkLocal: ll } : {}),
    };
  }
}

function summarize(r: Route): RouteSummary {
  return new Summary(r.attrs!, r.peer, r.pathId, r.igpCost) as RouteSummary;
}

function sameAddress(x: IpAddress, y: IpAddress): boolean {
  if (x.afi === 1 || y.afi === 1) return x.afi === y.afi && x.addr === y.addr;
  for (let i = 0; i < 16; i++) if (x.addr[i] !== y.addr[i]) return false;
  return true;
}

function distinctNextHops(ecmp: readonly RouteSummary[]): IpAddress[] {
  const out: IpAddress[] = [];
  for (const s of ecmp) {
    const nh = s.nextHop;
    if (nh === null) continue;
    let seen = false;
    for (const n of out) if (sameAddress(n, nh)) seen = true;
    if (!seen) out.push(nh);
  }
  return out;
}

const NO_SUMMARIES: readonly RouteSummary[] = Object.freeze([]);
const NO_HOPS: readonly IpAddress[] = Object.freeze([]);

function sameSet(x: Route | readonly Route[], y: Route | readonly Route[]): boolean {
  if (x === y) return true;
  // A lone route is stored bare: compare without wrapping it in an array (this runs for every
  // change, a million times for a full table).
  const xs = x instanceof Route;
  const ys = y instanceof Route;
  if (xs || ys) {
    if (xs && ys) return false;
    const list = (xs ? y : x) as readonly Route[];
    return list.length === 1 && list[0] === (xs ? x : y);
  }
  const a = x as readonly Route[];
  const b = y as readonly Route[];
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Collects dirty destinations and turns them into ordered, coalesced batches. */
export class ChangeStream {
  private dirty: Dest[] = [];
  // The ECMP set each dirty destination had when first marked: what the consumer was last told.
  private before: (Route | readonly Route[])[] = [];
  private readonly listeners = new Set<RouteChangeListener>();
  private readonly touchListeners = new Set<(prefixes: readonly Prefix[]) => void>();
  private seq = 0;
  private scheduled = false;

  /** `release` is called for a destination that ended up with no routes at all. */
  constructor(
    private readonly schedule: FlushScheduler,
    private readonly release: (d: Dest, prefix: Prefix) => void,
  ) {}

  /** Number of destinations waiting for the next flush. */
  get pending(): number {
    return this.dirty.length;
  }

  /** Adds a listener; returns a function that removes it. */
  subscribe(l: RouteChangeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /**
   * Adds a listener for every destination whose routes changed at all, best or not (what an
   * ADD-PATH "all" exporter needs); returns a function that removes it.
   */
  subscribeTouched(l: (prefixes: readonly Prefix[]) => void): () => void {
    this.touchListeners.add(l);
    return () => this.touchListeners.delete(l);
  }

  /**
   * Notes that the destination's decision may have changed; `before` is its ECMP set before
   * this change (every change marks, so at the first mark since a flush that is what was
   * reported last).
   */
  mark(d: Dest, before: Route | readonly Route[]): void {
    if (isDirty(d)) return;
    if (this.schedule !== null && this.listeners.size === 0 && this.touchListeners.size === 0) {
      // Scheduled and nobody subscribed: the flush would only settle state (a receive-only
      // speaker, a collector). Keep no log; count the change as the flush would (sequence
      // numbers stay those of every change) and drop an emptied destination now, not then.
      if (!sameSet(before, d.e)) this.seq++;
      if (routeCount(d) === 0) this.release(d, destPrefix(d));
      return;
    }
    setDirty(d, true);
    this.dirty.push(d);
    this.before.push(before);
    if (!this.scheduled && this.schedule !== null) {
      this.scheduled = true;
      // A scheduled flush with nobody listening only settles state: no change objects built.
      this.schedule(() => this.flush(this.listeners.size > 0));
    }
  }

  /**
   * Emits one batch with every change since the last flush and returns it. With `build` false
   * (nobody listening) the state is settled and sequence numbers advance, but no change objects
   * are made and the result is empty.
   */
  flush(build = true): readonly RouteChange[] {
    this.scheduled = false;
    const batch = this.dirty;
    const befores = this.before;
    this.dirty = [];
    this.before = [];
    const out: RouteChange[] = [];
    const touched: Prefix[] | null = this.touchListeners.size > 0 ? [] : null;
    for (let i = 0; i < batch.length; i++) {
      const d = batch[i]!;
      const before = befores[i]!;
      setDirty(d, false);
      let prefix: Prefix | undefined;
      if (touched !== null) {
        prefix = destPrefix(d);
        touched.push(prefix);
      }
      if (!sameSet(before, d.e)) {
        if (!build) {
          this.seq++;
          if (routeCount(d) === 0) this.release(d, prefix ?? destPrefix(d));
          continue;
        }
        prefix ??= destPrefix(d);
        const after = d.e;
        const wasEmpty = !(before instanceof Route) && before.length === 0;
        let change: RouteChange;
        if (after instanceof Route) {
          // One best path (the common case): its set's shared next-hop list, no loops.
          const best = summarize(after);
          const op = wasEmpty ? "add" : "replace";
          change = { op, prefix, best, ecmp: [best], nextHops: after.attrs!.nextHops, seq: ++this.seq };
        } else if (after.length === 0) {
          change = {
            op: wasEmpty ? "add" : "withdraw",
            prefix,
            ecmp: NO_SUMMARIES,
            nextHops: NO_HOPS,
            seq: ++this.seq,
          };
        } else {
          const ecmp = after.map(summarize);
          const op = wasEmpty ? "add" : "replace";
          change = { op, prefix, best: ecmp[0]!, ecmp, nextHops: distinctNextHops(ecmp), seq: ++this.seq };
        }
        out.push(change);
      }
      if (routeCount(d) === 0) this.release(d, prefix ?? destPrefix(d));
    }
    if (out.length > 0) for (const l of this.listeners) l(out);
    if (touched !== null && touched.length > 0) for (const l of this.touchListeners) l(touched);
    return out;
  }
}
