/**
 * OPEN checking and capability negotiation as one pure function: our OPEN + theirs → what the
 * session uses, or a {@link BgpSessionError} carrying the NOTIFICATION to send (RFC 4271 §6.2).
 */
import {
  AS_TRANS,
  type Capability,
  CapabilityCode,
  ErrorCode,
  type FamilyKey,
  OpenSubcode,
  type OpenMessage,
  createContext,
  familyKey,
} from "@tsbgp/bgp-wire";
import { BgpSessionError, SessionErrorCode } from "../errors.js";
import { splitFamily } from "./advertise.js";
import type { NegotiatedGracefulRestart, NegotiatedSession } from "./negotiated.js";

/** What we expect of the peer, beyond what our OPEN says. */
export interface NegotiationPolicy {
  /** Our real AS number (the OPEN's 2-octet field may hold AS_TRANS). */
  readonly localAs: number;
  /** The peer's AS; undefined accepts any (then the session is eBGP unless it matches ours). */
  readonly peerAs?: number;
  /** Smallest non-zero hold time we accept (RFC 4271 §6.2 requires at least 3); default 3. */
  readonly minHoldTime?: number;
  /** Refuse a hold time of 0 (no keepalives at all); default false. */
  readonly refuseZeroHoldTime?: boolean;
  /** Our keepalive interval if it should be shorter than a third of the hold time. */
  readonly keepaliveTime?: number;
  /** Capability codes the peer must advertise, else Unsupported Capability (RFC 5492 §3). */
  readonly requiredCapabilities?: readonly number[];
}

function openError(subcode: number, message: string, data?: Uint8Array): BgpSessionError {
  const n = data
    ? { code: ErrorCode.OPEN_MESSAGE, subcode, data }
    : { code: ErrorCode.OPEN_MESSAGE, subcode };
  return new BgpSessionError(message, SessionErrorCode.OPEN_REJECTED, n);
}

function find<C extends Capability["code"]>(
  caps: readonly Capability[],
  code: C,
): Extract<Capability, { code: C }> | undefined {
  for (const c of caps) if (c.code === code && !("raw" in c)) return c as Extract<Capability, { code: C }>;
  return undefined;
}

function has(caps: readonly Capability[], code: number): boolean {
  return caps.some((c) => c.code === code);
}

/** Families a side advertised; IPv4 unicast when it advertised none (RFC 4760 §8). */
function familiesOf(caps: readonly Capability[]): FamilyKey[] {
  const out: FamilyKey[] = [];
  for (const c of caps) {
    if (c.code === CapabilityCode.MULTIPROTOCOL && !("raw" in c)) {
      const mp = c as Extract<Capability, { code: 1 }>;
      const k = familyKey(mp.afi, mp.safi);
      if (!out.includes(k)) out.push(k);
    }
  }
  return out.length > 0 ? out : ["1/1"];
}

/** Data for Unsupported Capability: the capabilities missing, each as code + value (RFC 5492 §3). */
function capabilityData(entries: readonly (readonly number[])[]): Uint8Array {
  return new Uint8Array(entries.flat());
}

/** The peer's real AS and whether the 4-octet capability was present (RFC 6793 §4.1). */
function peerAsOf(open: OpenMessage): { asn: number; asn4: boolean } {
  const cap = find(open.capabilities, CapabilityCode.FOUR_OCTET_AS);
  return cap ? { asn: cap.asn >>> 0, asn4: true } : { asn: open.myAs, asn4: false };
}

/**
 * Checks the peer's OPEN against ours and the policy and returns the negotiated session. Throws
 * a {@link BgpSessionError} whose `notification` is the RFC 4271 §6.2 / RFC 5492 error to send.
 */
export function negotiate(
  ours: OpenMessage,
  theirs: OpenMessage,
  policy: NegotiationPolicy,
): NegotiatedSession {
  // §6.2: version first; the data is the largest version we support, as 2 octets.
  if (theirs.version !== 4) {
    throw openError(
      OpenSubcode.UNSUPPORTED_VERSION_NUMBER,
      `unsupported BGP version ${theirs.version}`,
      new Uint8Array([0, 4]),
    );
  }
  const peer = peerAsOf(theirs);
  // RFC 6793 §4.2.2: AS_TRANS in the 2-octet field without the capability names no real AS.
  if (!peer.asn4 && theirs.myAs === AS_TRANS)
    throw openError(OpenSubcode.BAD_PEER_AS, "peer AS is AS_TRANS without a 4-octet AS capability");
  if (peer.asn === 0) throw openError(OpenSubcode.BAD_PEER_AS, "peer AS 0");
  if (policy.peerAs !== undefined && peer.asn !== policy.peerAs) {
    throw openError(OpenSubcode.BAD_PEER_AS, `peer AS ${peer.asn} is not the configured ${policy.peerAs}`);
  }
  const internal = peer.asn === policy.localAs;
  // RFC 6286 §2.2: a zero identifier is invalid; inside one AS it must differ from ours.
  if (theirs.bgpId === 0) throw openError(OpenSubcode.BAD_BGP_IDENTIFIER, "peer BGP identifier 0");
  if (internal && theirs.bgpId >>> 0 === ours.bgpId >>> 0) {
    throw openError(OpenSubcode.BAD_BGP_IDENTIFIER, "iBGP peer uses our BGP identifier");
  }
  // §6.2: a hold time of 1 or 2 seconds is unacceptable; 0 (no keepalives) may be refused too.
  const minHold = Math.max(3, policy.minHoldTime ?? 3);
  if (
    (theirs.holdTime > 0 && theirs.holdTime < minHold) ||
    (theirs.holdTime === 0 && policy.refuseZeroHoldTime)
  ) {
    throw openError(OpenSubcode.UNACCEPTABLE_HOLD_TIME, `unacceptable hold time ${theirs.holdTime}`);
  }
  const holdTime = Math.min(ours.holdTime, theirs.holdTime);
  const third = Math.floor(holdTime / 3);
  const keepaliveTime = holdTime === 0 ? 0 : Math.max(1, Math.min(third, policy.keepaliveTime ?? third));

  // RFC 5492 §3: a capability we cannot do without is reported with Unsupported Capability.
  const missing = (policy.requiredCapabilities ?? []).filter((c) => !has(theirs.capabilities, c));
  if (missing.length > 0) {
    throw openError(
      OpenSubcode.UNSUPPORTED_CAPABILITY,
      `peer lacks required capabilities ${missing.join(", ")}`,
      capabilityData(missing.map((c) => [c, 0])),
    );
  }
  const ourFamilies = familiesOf(ours.capabilities);
  const theirFamilies = new Set(familiesOf(theirs.capabilities));
  const families = ourFamilies.filter((f) => theirFamilies.has(f));
  if (families.length === 0) {
    const data = ourFamilies.map((f) => {
      const { afi, safi } = splitFamily(f);
      return [CapabilityCode.MULTIPROTOCOL, 4, afi >> 8, afi & 0xff, 0, safi];
    });
    throw openError(OpenSubcode.UNSUPPORTED_CAPABILITY, "no address family in common", capabilityData(data));
  }

  const both = (code: number): boolean => has(ours.capabilities, code) && has(theirs.capabilities, code);
  const asn4 = peer.asn4 && has(ours.capabilities, CapabilityCode.FOUR_OCTET_AS);
  const { receive, send } = addPathModes(ours, theirs, families);
  const extendedNextHop = extendedNextHopFamilies(ours, theirs);
  const extendedMessage = both(CapabilityCode.EXTENDED_MESSAGE);
  return {
    peerAs: peer.asn,
    peerBgpId: theirs.bgpId >>> 0,
    internal,
    holdTime,
    keepaliveTime,
    families,
    asn4,
    routeRefresh: both(CapabilityCode.ROUTE_REFRESH),
    enhancedRouteRefresh: both(CapabilityCode.ENHANCED_ROUTE_REFRESH),
    extendedMessage,
    addPathReceive: receive,
    addPathSend: send,
    extendedNextHop,
    gracefulRestart: gracefulRestart(ours, theirs, families),
    codec: createContext({
      asn4,
      addPathReceive: receive,
      addPathSend: send,
      extendedMessage,
      extendedNextHop,
    }),
  };
}

/**
 * ADD-PATH per family (RFC 7911 §4): we receive path identifiers where we can receive and the
 * peer can send, and send them where we can send and the peer can receive.
 */
function addPathModes(ours: OpenMessage, theirs: OpenMessage, families: readonly FamilyKey[]) {
  const modes = (open: OpenMessage): Map<FamilyKey, number> => {
    const m = new Map<FamilyKey, number>();
    const cap = find(open.capabilities, CapabilityCode.ADD_PATH);
    for (const e of cap?.entries ?? []) m.set(familyKey(e.afi, e.safi), e.mode);
    return m;
  };
  const mine = modes(ours);
  const peer = modes(theirs);
  const receive: FamilyKey[] = [];
  const send: FamilyKey[] = [];
  for (const f of families) {
    const a = mine.get(f) ?? 0;
    const b = peer.get(f) ?? 0;
    if (a & 1 && b & 2) receive.push(f);
    if (a & 2 && b & 1) send.push(f);
  }
  return { receive, send };
}

/** Families both sides listed with the same next hop AFI (RFC 8950 §4). */
function extendedNextHopFamilies(ours: OpenMessage, theirs: OpenMessage): FamilyKey[] {
  const a = find(ours.capabilities, CapabilityCode.EXTENDED_NEXT_HOP)?.entries ?? [];
  const b = find(theirs.capabilities, CapabilityCode.EXTENDED_NEXT_HOP)?.entries ?? [];
  const out: FamilyKey[] = [];
  for (const e of a) {
    if (b.some((x) => x.afi === e.afi && x.safi === e.safi && x.nextHopAfi === e.nextHopAfi))
      out.push(familyKey(e.afi, e.safi));
  }
  return out;
}

/** The peer's graceful restart, when both advertised it (RFC 4724 §3, §4.2). */
function gracefulRestart(
  ours: OpenMessage,
  theirs: OpenMessage,
  families: readonly FamilyKey[],
): NegotiatedGracefulRestart | null {
  const mine = find(ours.capabilities, CapabilityCode.GRACEFUL_RESTART);
  const peer = find(theirs.capabilities, CapabilityCode.GRACEFUL_RESTART);
  if (!mine || !peer) return null;
  return {
    restartTime: peer.restartTime,
    peerRestarting: peer.restarting,
    notification: mine.notification && peer.notification,
    families: peer.families
      .map((f) => ({ family: familyKey(f.afi, f.safi), forwardingPreserved: f.forwardingPreserved }))
      .filter((f) => families.includes(f.family)),
  };
}
