/**
 * Adj-RIB-Out for a group of peers sharing one export policy (FRR's update groups): each
 * route is exported, policy-filtered and interned once per group, and each batch of UPDATEs
 * is built once and handed to every member. The only per-peer work is split horizon — a peer
 * is never sent a path it gave us — done as an exception list for the few peers concerned.
 */
import type { CodecContext, Nlri, Prefix, UpdateMessage } from "@tsbgp/bgp-wire";
import { type AttrSet, AttrStore } from "../attr-store.js";
import type { RouteChange } from "../change.js";
import { RibError, RibErrorCode } from "../errors.js";
import { type Peer, PeerKind } from "../peer.js";
import type { Policy } from "../policy/types.js";
import { PrefixTable } from "../prefix-table.js";
import type { Rib } from "../rib.js";
import type { Route } from "../route.js";
import { type ExportIdentity, type ExportTarget, exportAttributes, exportBlock } from "./rules.js";
import { encodeUpdates } from "./encode.js";
import { UpdateBuilder } from "./update-builder.js";

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

interface Pending {
  readonly prefix: Prefix;
  readonly old: readonly OutPath[];
}

const NO_PATHS: readonly OutPath[] = Object.freeze([]);

/** The UPDATEs of one flush: one shared list, plus per-peer lists for split-horizon exceptions. */
export class OutBatch {
  private readonly cache = new Map<Peer, readonly UpdateMessage[]>();
  private readonly sharedBytes = new Map<string, readonly Uint8Array[]>();

  /** Made by {@link AdjRibOut.flush}. */
  constructor(
    /** The UPDATEs every member without an exception receives (built once). */
    readonly shared: readonly UpdateMessage[],
    private readonly exceptions: Map<Peer, { skip: Set<Prefix>; own: UpdateBuilder }>,
  ) {}

  /** True when there is nothing to send to anyone. */
  get empty(): boolean {
    return this.shared.length === 0 && this.exceptions.size === 0;
  }

  /** The UPDATEs for one member: the shared list itself unless split horizon applies to it. */
  for(peer: Peer): readonly UpdateMessage[] {
    const ex = this.exceptions.get(peer);
    if (ex === undefined) return this.shared;
    let msgs = this.cache.get(peer);
    if (msgs === undefined) {
      msgs = [...filterShared(this.shared, ex.skip), ...ex.own.build()];
      this.cache.set(peer, msgs);
    }
    return msgs;
  }

  /**
   * The member's UPDATEs as wire messages. Members without a split-horizon exception share one
   * encoding per batch for each distinct set of negotiated encoding options (sessions have
   * their own context objects, but members of a group normally negotiate alike).
   */
  encodedFor(peer: Peer, ctx: CodecContext): readonly Uint8Array[] {
    if (this.exceptions.has(peer)) return encodeUpdates(this.for(peer), ctx);
    const key = encodingKey(ctx);
    let bytes = this.sharedBytes.get(key);
    if (bytes === undefined) {
      bytes = encodeUpdates(this.shared, ctx);
      this.sharedBytes.set(key, bytes);
    }
    return bytes;
  }
}

/** What in a codec context changes how sent UPDATEs are encoded. */
function encodingKey(ctx: CodecContext): string {
  return `${ctx.asn4 ? 4 : 2}|${ctx.extendedMessage ? "x" : ""}|${[...ctx.addPathSend].sort().join(",")}|${[...ctx.extendedNextHop].sort().join(",")}`;
}

function filterShared(shared: readonly UpdateMessage[], skip: Set<Prefix>): UpdateMessage[] {
  const keep = (n: Nlri) => !skip.has(n.prefix);
  const out: UpdateMessage[] = [];
  for (const m of shared) {
    const a = m.attributes;
    const withdrawn = m.withdrawn.filter(keep);
    const nlri = m.nlri.filter(keep);
    const attributes =
      a.mpReach !== undefined
        ? { ...a, mpReach: { ...a.mpReach, nlri: a.mpReach.nlri.filter(keep) } }
        : a.mpUnreach !== undefined
          ? { ...a, mpUnreach: { ...a.mpUnreach, withdrawn: a.mpUnreach.withdrawn.filter(keep) } }
          : a;
    const n =
      withdrawn.length +
      nlri.length +
      (attributes.mpReach?.nlri.length ?? 0) +
      (attributes.mpUnreach?.withdrawn.length ?? 0);
    if (n > 0) out.push({ type: "UPDATE", withdrawn, attributes, nlri });
  }
  return out;
}

function diff(
  prefix: Prefix,
  old: readonly OutPath[],
  now: readonly OutPath[],
  withIds: boolean,
  b: UpdateBuilder,
): void {
  const nlri = (pathId: number): Nlri => (withIds ? { prefix, pathId } : { prefix });
  for (const p of now) {
    const o = old.find((x) => x.pathId === p.pathId);
    if (o === undefined || o.set !== p.set) b.announce(p.set, nlri(p.pathId));
  }
  for (const o of old) if (!now.some((x) => x.pathId === o.pathId)) b.withdraw(nlri(o.pathId));
}

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
  private readonly advertised = new PrefixTable<readonly OutPath[]>();
  private readonly pendingIndex = new PrefixTable<Pending>();
  private pending: Pending[] = [];
  private readonly unsubscribe: () => void;
  /** Paths skipped because no next hop could be set for their family (count, never silent). */
  unexportable = 0;
  // One-entry memo: bulk changes repeat the same (attribute set, source, family) many times.
  private memoIn: AttrSet | null = null;
  private memoKey = -1;
  private memoOut: AttrSet | null = null;

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
    // Best-only groups follow best-path changes; ADD-PATH groups every change of any path.
    this.unsubscribe =
      this.mode === AddPathSend.BEST
        ? rib.onChange((changes) => this.consume(changes))
        : rib.onTouched((prefixes) => {
            for (const p of prefixes) this.refresh(p);
          });
    // Start from what the RIB already holds, as already advertised (new members get a dump).
    for (const d of rib.destinations()) {
      const prefix = d.prefix;
      const now = this.compute(prefix);
      if (now.length > 0) this.advertised.set(prefix, now);
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
    return this.advertised.get(prefix) ?? NO_PATHS;
  }

  /** Number of prefixes with at least one path advertised. */
  get size(): number {
    return this.advertised.size;
  }

  /** Number of distinct outgoing attribute sets. */
  get attributeSets(): number {
    return this.store.size;
  }

  private consume(changes: readonly RouteChange[]): void {
    for (const c of changes) this.refresh(c.prefix);
  }

  /** Recomputes what the group should hold for `prefix` (call after export-affecting changes). */
  refresh(prefix: Prefix): void {
    const cur = this.advertised.get(prefix) ?? NO_PATHS;
    if (this.pendingIndex.get(prefix) === undefined) {
      // The references of the advertised paths move to the pending entry until the flush.
      const p: Pending = { prefix, old: cur };
      this.pendingIndex.set(prefix, p);
      this.pending.push(p);
    } else for (const p of cur) this.store.release(p.set);
    const now = this.compute(prefix);
    if (now.length === 0) this.advertised.delete(prefix);
    else this.advertised.set(prefix, now);
  }

  private candidates(prefix: Prefix): Route[] {
    const d = this.rib.lookup(prefix);
    if (d === undefined || d.best === null) return [];
    if (this.mode === AddPathSend.BEST) return [d.best];
    const all = this.rib.ranked(d);
    return this.mode === AddPathSend.ALL ? all : all.slice(0, this.count);
  }

  private compute(prefix: Prefix): readonly OutPath[] {
    const withIds = this.mode !== AddPathSend.BEST;
    const out: OutPath[] = [];
    for (const r of this.candidates(prefix)) {
      const inSet = r.attrs!;
      if (exportBlock(r.peer, inSet.attrs, this.target) !== null) continue;
      const set = this.exportSet(prefix, r, inSet);
      if (set === null) continue;
      out.push({ pathId: withIds ? r.txPathId : 0, set, source: r.peer });
    }
    return out.length === 0 ? NO_PATHS : out;
  }

  /** The outgoing set for a route, with one reference owned by the caller; null if rejected. */
  private exportSet(prefix: Prefix, r: Route, inSet: AttrSet): AttrSet | null {
    const key = r.peer.id * 4 + prefix.afi;
    if (this.policy === null && this.memoIn === inSet && this.memoKey === key && this.memoOut !== null)
      return this.store.retain(this.memoOut);
    let attrs = exportAttributes(r.peer, inSet.attrs, prefix.afi, this.target, this.me);
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
    const exceptions = new Map<Peer, { skip: Set<Prefix>; own: UpdateBuilder }>();
    const batch = this.pending;
    this.pending = [];
    for (const p of batch) this.pendingIndex.delete(p.prefix);
    for (const { prefix, old } of batch) {
      const now = this.advertised.get(prefix) ?? NO_PATHS;
      diff(prefix, old, now, withIds, shared);
      const sources = new Set<Peer>();
      for (const x of old) sources.add(x.source);
      for (const x of now) sources.add(x.source);
      for (const src of sources) {
        if (!this.members.has(src)) continue;
        let ex = exceptions.get(src);
        if (ex === undefined) {
          ex = { skip: new Set(), own: new UpdateBuilder() };
          exceptions.set(src, ex);
        }
        ex.skip.add(prefix);
        diff(
          prefix,
          old.filter((x) => x.source !== src),
          now.filter((x) => x.source !== src),
          withIds,
          ex.own,
        );
      }
      for (const x of old) this.store.release(x.set);
    }
    return new OutBatch(shared.build(), exceptions);
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
      const paths = this.pendingIndex.get(prefix)?.old ?? this.advertised.get(prefix);
      if (paths === undefined || paths.length === 0) continue;
      diff(
        prefix,
        NO_PATHS,
        paths.filter((x) => x.source !== peer),
        withIds,
        b,
      );
    }
    return b.build();
  }
}
