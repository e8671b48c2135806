/**
 * Adj-RIB-Out for a group of peers sharing one export policy (FRR's update groups): each
 * route is exported, policy-filtered and interned once per group, and each batch of UPDATEs
 * is built once and handed to every member. The only per-peer work is split horizon — a peer
 * is never sent a path it gave us (RFC 4456 §8) — done by tagging each change with the members
 * it is kept from, and a short list of their own UPDATEs (see update-builder.ts).
 */
import type { PathAttributes, Prefix, UpdateMessage } from "@tsbgp/bgp-wire";
import { type AttrSet, AttrStore } from "../attr-store.js";
import { RibError, RibErrorCode } from "../errors.js";
import { type Peer, PeerKind } from "../peer.js";
import type { Policy } from "../policy/types.js";
import { PrefixTable } from "../prefix-table.js";
import type { Rib } from "../rib.js";
import type { Route } from "../route.js";
import { type ExportIdentity, type ExportTarget, exportAttributes, exportBlock } from "./rules.js";
import { OutBatch } from "./out-batch.js";
import { diff, onlyFrom, type Paths, pathAt, pathCount, pathList, seenBefore, sourceAt } from "./out-diff.js";
import { type SplitHorizon, UpdateBuilder } from "./update-builder.js";

// The batch type is part of this module's API (what `flush` returns); index.ts is not ours to
// edit while the RIB core is being rewritten, so it is re-exported from here.
export { OutBatch, updateFamily } from "./out-batch.js";

/** Which paths a group sends per prefix (RFC 7911 ADD-PATH send modes). */
export const AddPathSend = {
  /** Only the best path, without path IDs (no ADD-PATH). */
  BEST: "best",
  /** Every usable path, with path IDs. */
  ALL: "all",
  /** The best N paths, with path IDs. */
  BEST_N: "best-n",
} as const;
/** One of the {@link AddPathSend} values. */
export type AddPathSendName = (typeof AddPathSend)[keyof typeof AddPathSend];

/** Configuration of a peer group (all members share it). */
export interface PeerGroupInit {
  /** Group name (for logs and errors). */
  readonly name: string;
  /** eBGP or iBGP members. */
  readonly kind: typeof PeerKind.EBGP | typeof PeerKind.IBGP;
  /** Members are RFC 4456 clients. */
  readonly rrClient?: boolean;
  /** Next hop self on iBGP for non-reflected routes. */
  readonly nextHopSelf?: boolean;
  /** Our address towards the members (next hop when we set it to ourselves). */
  readonly localAddress?: { readonly v4?: number; readonly v6?: Uint8Array };
  /** Subnets shared with eBGP members: next hops inside are passed on (RFC 4271 §5.1.3). */
  readonly sharedSubnets?: readonly Prefix[];
  /** Export policy, applied after the protocol rules (default: accept all). */
  readonly exportPolicy?: Policy;
  /** ADD-PATH send mode (default best only). */
  readonly addPath?: AddPathSendName;
  /** N for `best-n`. */
  readonly addPathCount?: number;
  /**
   * How a best-path group learns what to recompute (ADD-PATH groups always use `touched`):
   * - `changes` (default): the RIB's best-path change stream. Change listeners run in the
   *   order they subscribed, so one that flushes the group after it (a speaker reacting to a
   *   batch) sees the batch in the group.
   * - `touched`: every prefix whose routes changed at all, delivered after all change listeners.
   *   A RIB with no change listener then builds no change objects (~30 MB of short-lived
   *   garbage per 100k-prefix table): the choice of a reflector whose RIB feeds only its
   *   groups, flushed once the RIB's own flush has run.
   */
  readonly follow?: "changes" | "touched";
}

/** One path as advertised to the group. */
export interface OutPath {
  /** Path ID sent (0 without ADD-PATH). */
  readonly pathId: number;
  /** Interned outgoing attributes. */
  readonly set: AttrSet;
  /** The peer the route was learned from (split horizon). */
  readonly source: Peer;
}

/**
 * A prefix with a change waiting for the next flush: the paths it has now and the paths the
 * members were last sent (what the flush diffs from). Between flushes the table holds just the
 * paths (usually one `OutPath`), so a settled prefix costs one object; this wrapper lives only
 * until the flush, which for a table arriving is the same socket read: it dies young, which
 * costs the collector nothing. The prefix is not kept (the table's key is).
 */
class PendingEntry {
  constructor(
    public now: Paths,
    readonly old: Paths,
  ) {}
}

/** What the table holds for a prefix: its paths, or a pending change. */
type Entry = Paths | PendingEntry;

const NO_PATHS: readonly OutPath[] = Object.freeze([]);

/** Adj-RIB-Out of one peer group, fed by the RIB's change stream. */
export class AdjRibOut {
  /** Group name. */
  readonly name: string;
  /** Members (peers registered in the same RIB). */
  readonly members = new Set<Peer>();
  private readonly target: ExportTarget;
  private readonly me: ExportIdentity;
  private readonly policy: Policy | null;
  private readonly mode: AddPathSendName;
  private readonly count: number;
  private readonly store = new AttrStore();
  private readonly entries = new PrefixTable<Entry>();
  // Entries with a change waiting for the flush, and their prefixes (same order).
  private pending: PendingEntry[] = [];
  private pendingPrefixes: Prefix[] = [];
  // Entries whose `now` is not empty (what `size` reports).
  private advertisedCount = 0;
  private readonly unsubscribe: () => void;
  /** Paths skipped because no next hop could be set for their family (count, never silent). */
  unexportable = 0;
  // One-entry memo: bulk changes repeat the same (attribute set, source, family) many times.
  private memoIn: AttrSet | null = null;
  private memoKey = -1;
  private memoOut: AttrSet | null = null;
  private peekIn: AttrSet | null = null;
  private peekOut: PathAttributes | null = null;

  /** Creates the group and subscribes it to the RIB's change stream. */
  constructor(
    private readonly rib: Rib,
    init: PeerGroupInit,
  ) {
    if (
      init.addPath === AddPathSend.BEST_N &&
      !(Number.isInteger(init.addPathCount) && (init.addPathCount ?? 0) >= 1)
    )
      throw new RibError("best-n needs addPathCount >= 1", {
        code: RibErrorCode.CONFIG_INVALID,
        rule: init.name,
        field: "addPathCount",
      });
    if (
      init.kind === PeerKind.EBGP &&
      init.localAddress?.v4 === undefined &&
      init.localAddress?.v6 === undefined
    )
      throw new RibError("an eBGP group needs localAddress (the next hop it announces)", {
        code: RibErrorCode.CONFIG_INVALID,
        rule: init.name,
        field: "localAddress",
      });
    this.name = init.name;
    this.target = {
      kind: init.kind,
      rrClient: init.kind === PeerKind.IBGP && (init.rrClient ?? false),
      nextHopSelf: init.nextHopSelf ?? false,
      localAddress: init.localAddress ?? {},
      ...(init.sharedSubnets !== undefined ? { sharedSubnets: init.sharedSubnets } : {}),
    };
    this.me = {
      asn: rib.asn,
      routerId: rib.routerId,
      clusterId: rib.clusterId,
      defaultLocalPref: rib.decision.defaultLocalPref,
    };
    this.policy = init.exportPolicy ?? null;
    this.mode = init.addPath ?? AddPathSend.BEST;
    this.count = init.addPathCount ?? 1;
    // Best-only groups follow best-path changes unless told otherwise; ADD-PATH groups every
    // change of any path. `touched` is a superset of the changes: a prefix whose paths for the
    // group did not change costs one recompute and yields no UPDATE.
    this.unsubscribe =
      this.mode === AddPathSend.BEST && init.follow !== "touched"
        ? rib.onChange((changes) => {
            for (let i = 0; i < changes.length; i++) this.refresh(changes[i]!.prefix);
          })
        : rib.onTouched((prefixes) => {
            for (let i = 0; i < prefixes.length; i++) this.refresh(prefixes[i]!);
          });
    // Start from what the RIB already holds, as already advertised (new members get a dump).
    for (const d of rib.destinations()) {
      const prefix = d.prefix;
      const now = this.compute(prefix);
      if (pathCount(now) > 0) {
        this.entries.set(prefix, now);
        this.advertisedCount++;
      }
    }
  }

  /** Adds a member; it must have the group's kind and client flag. Returns its initial dump. */
  addMember(peer: Peer): readonly UpdateMessage[] {
    if (peer.kind !== this.target.kind || peer.rrClient !== this.target.rrClient)
      throw new RibError(`peer ${peer.name} does not match group ${this.name}`, {
        code: RibErrorCode.CONFIG_INVALID,
        rule: this.name,
        field: "kind",
      });
    this.members.add(peer);
    return this.dump(peer);
  }

  /** Removes a member (its session went down). */
  removeMember(peer: Peer): void {
    this.members.delete(peer);
  }

  /** Stops listening to the RIB. */
  close(): void {
    this.unsubscribe();
  }

  /** The paths currently advertised for a prefix (group view, before split horizon). */
  paths(prefix: Prefix): readonly OutPath[] {
    const e = this.entries.get(prefix);
    return e === undefined ? NO_PATHS : pathList(e instanceof PendingEntry ? e.now : e);
  }

  /** Number of prefixes with at least one path advertised. */
  get size(): number {
    return this.advertisedCount;
  }

  /** Number of distinct outgoing attribute sets. */
  get attributeSets(): number {
    return this.store.size;
  }

  /** Recomputes what the group should hold for `prefix` (call after export-affecting changes). */
  refresh(prefix: Prefix): void {
    const found = this.entries.get(prefix);
    let e: PendingEntry;
    let cur: Paths;
    if (found instanceof PendingEntry) {
      e = found;
      cur = e.now;
      for (let i = 0, n = pathCount(cur); i < n; i++) this.store.release(pathAt(cur, i).set);
    } else {
      // The references of the advertised paths move to `old` until the flush.
      cur = found ?? NO_PATHS;
      e = new PendingEntry(cur, cur);
      this.entries.set(prefix, e);
      this.pending.push(e);
      this.pendingPrefixes.push(prefix);
    }
    const now = this.compute(prefix);
    if (pathCount(cur) > 0) this.advertisedCount--;
    if (pathCount(now) > 0) this.advertisedCount++;
    e.now = now;
  }

  private candidates(prefix: Prefix): Route[] {
    const d = this.rib.lookup(prefix);
    if (d === undefined || d.best === null) return [];
    if (this.mode === AddPathSend.BEST) return [d.best];
    const all = this.rib.ranked(d);
    return this.mode === AddPathSend.ALL ? all : all.slice(0, this.count);
  }

  private compute(prefix: Prefix): Paths {
    if (this.mode === AddPathSend.BEST) {
      // One path at most: no candidate list, and the path stands for itself (no array).
      const best = this.rib.best(prefix);
      const p = best === null ? null : this.outPath(prefix, best, 0);
      return p === null ? NO_PATHS : p;
    }
    const out: OutPath[] = [];
    for (const r of this.candidates(prefix)) {
      const p = this.outPath(prefix, r, r.txPathId);
      if (p !== null) out.push(p);
    }
    return out.length === 0 ? NO_PATHS : out;
  }

  /** The path the group sends for route `r`, or null if the rules or the policy block it. */
  private outPath(prefix: Prefix, r: Route, pathId: number): OutPath | null {
    const inSet = r.attrs!;
    let set: AttrSet | null;
    // A memo hit means this same (attribute set, source, family) passed the rules just before.
    if (this.policy === null && this.memoIn === inSet && this.memoKey === r.peer.id * 4 + prefix.afi)
      set = this.store.retain(this.memoOut!);
    else {
      const attrs = this.inputAttrs(inSet);
      if (exportBlock(r.peer, attrs, this.target) !== null) return null;
      set = this.exportSet(prefix, r, inSet, attrs);
      if (set === null) return null;
    }
    return { pathId, set, source: r.peer };
  }

  /**
   * The received attributes of `set`, read without making a compact set keep a decoded copy
   * (`peekAttrs`): the outgoing set is interned from its own owned copy anyway, and keeping
   * ~22k decoded input sets alive per 100k-prefix table is memory every GC traces. One-entry
   * memo: consecutive prefixes nearly always share the set, so it is decoded once per run.
   */
  private inputAttrs(set: AttrSet): PathAttributes {
    if (this.peekIn !== set) {
      this.peekIn = set;
      this.peekOut = set.peekAttrs();
    }
    return this.peekOut!;
  }

  /** The outgoing set for a route, with one reference owned by the caller; null if rejected. */
  private exportSet(prefix: Prefix, r: Route, inSet: AttrSet, inAttrs: PathAttributes): AttrSet | null {
    const key = r.peer.id * 4 + prefix.afi;
    let attrs = exportAttributes(r.peer, inAttrs, prefix.afi, this.target, this.me);
    // No next hop for this family (no local address of that family): the path cannot be sent.
    if (attrs.nextHop === undefined && attrs.mpReach?.nextHop == null) {
      this.unexportable++;
      return null;
    }
    if (this.policy !== null) {
      const res = this.policy({ prefix, attrs, peer: r.peer });
      if (res === null) return null;
      attrs = res;
    }
    const set = this.store.intern(attrs);
    if (this.policy === null) {
      if (this.memoOut !== null) this.store.release(this.memoOut);
      this.memoIn = inSet;
      this.memoKey = key;
      this.memoOut = this.store.retain(set);
    }
    return set;
  }

  /** Builds the UPDATEs for everything changed since the last flush. */
  flush(): OutBatch {
    const withIds = this.mode !== AddPathSend.BEST;
    const shared = new UpdateBuilder();
    const exceptions = new Map<Peer, UpdateBuilder>();
    const batch = this.pending;
    const prefixes = this.pendingPrefixes;
    this.pending = [];
    this.pendingPrefixes = [];
    // Consecutive prefixes nearly always come from the same peer: remember the last answers.
    let lastSource: Peer | null = null;
    let lastIsMember = false;
    let lastOwner: Peer | null = null;
    let lastOwn: UpdateBuilder | null = null;
    for (let k = 0; k < batch.length; k++) {
      const e = batch[k]!;
      const prefix = prefixes[k]!;
      const now = e.now;
      const old = e.old;
      if (pathCount(now) === 0) this.entries.delete(prefix);
      else this.entries.set(prefix, now);
      // Split horizon: the members that are a source of a path of this prefix.
      let tag: SplitHorizon = null;
      const n = pathCount(old) + pathCount(now);
      for (let i = 0; i < n; i++) {
        const src = sourceAt(old, now, i);
        if (src !== lastSource) {
          lastSource = src;
          lastIsMember = this.members.has(src);
        }
        if (!lastIsMember || seenBefore(src, old, now, i)) continue;
        tag =
          tag === null ? src : Array.isArray(tag) ? [...(tag as readonly Peer[]), src] : [tag as Peer, src];
      }
      diff(prefix, old, now, withIds, shared, null, tag);
      if (tag !== null) {
        for (const src of Array.isArray(tag) ? (tag as readonly Peer[]) : [tag as Peer]) {
          let own: UpdateBuilder | undefined = src === lastOwner ? lastOwn! : exceptions.get(src);
          if (own === undefined) {
            own = new UpdateBuilder();
            exceptions.set(src, own);
          }
          lastOwner = src;
          lastOwn = own;
          // The usual reflector case, every path from that one client, leaves it nothing to send.
          if (!onlyFrom(src, old, now)) diff(prefix, old, now, withIds, own, src);
        }
      }
      for (let i = 0, m = pathCount(old); i < m; i++) this.store.release(pathAt(old, i).set);
    }
    return new OutBatch(shared, exceptions);
  }

  /**
   * Everything advertised as of the last flush, as UPDATEs for one member (a new session's
   * initial dump). A prefix with a change pending is dumped in its pre-change state: the next
   * flush diffs from that state for every member, so the new one must start from it too, or it
   * could keep a path the flush never withdraws.
   */
  dump(peer: Peer): readonly UpdateMessage[] {
    const withIds = this.mode !== AddPathSend.BEST;
    const b = new UpdateBuilder();
    for (const d of this.rib.destinations()) {
      const prefix = d.prefix;
      const e = this.entries.get(prefix);
      if (e === undefined) continue;
      const paths = e instanceof PendingEntry ? e.old : e;
      if (pathCount(paths) > 0) diff(prefix, NO_PATHS, paths, withIds, b, peer);
    }
    return b.build();
  }
}
