/**
 * What the RIB keeps per registered peer besides its routes: the import policy, graceful-restart
 * state, the raw-attribute cache of the current session, and the import verdict of the last
 * received attribute set. Every NLRI of an UPDATE shares one received set, so under the
 * accept-all policy the loop checks (RFC 4271 §9.1.2, RFC 4456 §8), the LOCAL_PREF scrub
 * (RFC 4271 §5.1.5) and the interning of the result run once per UPDATE, not once per prefix.
 */
import type { AfiCode } from "@tsbgp/bgp-wire";
import type { AttrSet, AttrStore } from "./attr-store.js";
import {
  type LoopCheckContext,
  loopCheck,
  RejectReason,
  type RejectReasonName,
  needsSanitizing,
  sanitizeForPeer,
} from "./import-check.js";
import type { Peer } from "./peer.js";
import { acceptAll, type Policy } from "./policy/types.js";
import { RawAttrCache } from "./raw-attr-cache.js";
import { type Dest, destPrefix } from "./dest.js";
import type { Route } from "./route.js";

/** Per-peer state of a {@link Rib}. */
export interface PeerState {
  readonly peer: Peer;
  importPolicy: Policy;
  readonly allowOwnAs: number;
  /** Families with routes marked stale by a graceful restart not yet swept. */
  readonly staleFamilies: Set<AfiCode>;
  /** Raw Path Attributes bytes → interned set, for this session's IPv4 UPDATEs. */
  readonly rawAttrs: RawAttrCache;
  /** The received set of the last accept-all verdict. */
  memoIn: AttrSet | null;
  /** Its accepted set (null when rejected). */
  memoOut: AttrSet | null;
  /** Why it was rejected (null when accepted). */
  memoReject: RejectReasonName | null;
  /**
   * The route last made for this peer, per address family (index = AFI), for the next prefix
   * of the same UPDATE to share. Per family, so that marking one family stale (RFC 4724) never
   * reaches a route of the other through a shared object.
   */
  readonly lastRoutes: [null, Route | null, Route | null];
}

/** Fresh state for a peer. */
export function peerState(peer: Peer, importPolicy: Policy, allowOwnAs: number): PeerState {
  return {
    peer,
    importPolicy,
    allowOwnAs,
    staleFamilies: new Set(),
    rawAttrs: new RawAttrCache(),
    memoIn: null,
    memoOut: null,
    memoReject: null,
    lastRoutes: [null, null, null],
  };
}

/**
 * Forgets what only held for the session that ended: the raw-attribute cache (the next session
 * may negotiate another codec context) and the routes kept for sharing.
 */
export function endSession(ps: PeerState): void {
  ps.rawAttrs.clear();
  ps.lastRoutes[1] = null;
  ps.lastRoutes[2] = null;
}

/** Forgets the remembered verdict (the policy changed). */
export function clearImportMemo(ps: PeerState): void {
  ps.memoIn = null;
  ps.memoOut = null;
  ps.memoReject = null;
}

/**
 * The accepted (post-policy) set for a route of `d` with received set `rs`, with one reference
 * owned by the caller, or why it is rejected. Counts nothing: the caller counts rejections.
 */
export function importVerdict(
  ps: PeerState,
  rs: AttrSet,
  store: AttrStore,
  ctx: LoopCheckContext,
  d: Dest,
): AttrSet | RejectReasonName {
  if (ps.importPolicy !== acceptAll) return check(ps, rs, store, ctx, d);
  const out = ps.memoOut;
  // Both sets must still be live: a set the store has freed is never handed out again.
  if (ps.memoIn === rs && rs.refs > 0 && (out === null || out.refs > 0))
    return out === null ? ps.memoReject! : store.retain(out);
  const post = check(ps, rs, store, ctx, d);
  ps.memoIn = rs;
  ps.memoOut = typeof post === "string" ? null : post;
  ps.memoReject = typeof post === "string" ? post : null;
  return post;
}

function check(
  ps: PeerState,
  rs: AttrSet,
  store: AttrStore,
  ctx: LoopCheckContext,
  d: Dest,
): AttrSet | RejectReasonName {
  const loop = loopCheck(rs, ps.peer, ctx, ps.allowOwnAs, store);
  if (loop !== null) return loop;
  // The common case (accept-all, nothing to scrub) must not decode a compact set.
  if (ps.importPolicy === acceptAll && !needsSanitizing(rs, ps.peer)) return store.retain(rs);
  const received = rs.attrs;
  let attrs = sanitizeForPeer(received, ps.peer);
  if (ps.importPolicy !== acceptAll) {
    const out = ps.importPolicy({ prefix: destPrefix(d), attrs, peer: ps.peer });
    if (out === null) return RejectReason.POLICY;
    attrs = out;
  }
  return attrs === received ? store.retain(rs) : store.intern(attrs);
}
