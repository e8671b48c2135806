/**
 * From two OPENs to what the session may use: the negotiated capabilities (a smaller type than
 * the advertised list, STYLE.md) and the codec context they imply. Pure wire knowledge; the FSM
 * still decides what to refuse (hold time, peer AS, role mismatch).
 */
import { AS_TRANS, Afi, CapabilityCode, Safi } from "../constants.js";
import { type CodecContext, createContext, type FamilyKey, familyKey } from "../context.js";
import type {
  Capability,
  GracefulRestartCapability,
  LongLivedGracefulRestartCapability,
} from "../types/capabilities.js";
import type { OpenMessage } from "../types/messages.js";

/** What both ends of a session agreed on, as seen from the local end. */
export interface NegotiatedCapabilities {
  /** Both sides support 4-octet AS numbers (RFC 6793 §3). */
  readonly asn4: boolean;
  /** The peer's real AS: its 4-octet AS capability, else the My AS field (RFC 6793 §4.1). */
  readonly peerAs: number;
  /**
   * Families both sides advertised (RFC 4760 §8); IPv4 unicast alone when neither side sent a
   * Multiprotocol capability (RFC 4760 §8: an implicit IPv4 unicast session).
   */
  readonly families: readonly FamilyKey[];
  /** Families where we receive path identifiers: we can receive and the peer can send (RFC 7911 §4). */
  readonly addPathReceive: readonly FamilyKey[];
  /** Families where we send path identifiers: we can send and the peer can receive (RFC 7911 §4). */
  readonly addPathSend: readonly FamilyKey[];
  /** Both sides advertised Extended Message (RFC 8654 §3). */
  readonly extendedMessage: boolean;
  /** Families both sides advertised for another next-hop family (RFC 8950 §4). */
  readonly extendedNextHop: readonly FamilyKey[];
  /** Both sides advertised Route Refresh (RFC 2918 §4). */
  readonly routeRefresh: boolean;
  /** Both sides advertised Enhanced Route Refresh (RFC 7313 §4). */
  readonly enhancedRouteRefresh: boolean;
  /** The peer's Graceful Restart capability, when we both sent one (RFC 4724 §4). */
  readonly gracefulRestart?: GracefulRestartCapability;
  /** The peer's Long-Lived Graceful Restart capability, when we both sent one (RFC 9494 §4.2). */
  readonly longLivedGracefulRestart?: LongLivedGracefulRestartCapability;
  /** The peer's BGP role (RFC 9234 §4.1), if it sent one; the FSM checks the pairing. */
  readonly peerRole?: number;
  /** The peer's hostname capability (draft-walton-bgp-hostname-capability), if sent. */
  readonly peerHostname?: { readonly hostname: string; readonly domain: string };
}

type Known = Exclude<Capability, { raw: true }>;

function find<C extends Known["code"]>(caps: readonly Capability[], code: C): Extract<Known, { code: C }>[] {
  return caps.filter((c): c is Extract<Known, { code: C }> => !("raw" in c) && c.code === code);
}

function has(caps: readonly Capability[], code: number): boolean {
  return caps.some((c) => !("raw" in c) && c.code === code);
}

/** The 4-octet AS an OPEN announces: its 4-octet AS capability, else My Autonomous System. */
export function openAs(open: OpenMessage): number {
  return find(open.capabilities, CapabilityCode.FOUR_OCTET_AS)[0]?.asn ?? open.myAs;
}

function families(open: OpenMessage): FamilyKey[] {
  return find(open.capabilities, CapabilityCode.MULTIPROTOCOL).map((c) => familyKey(c.afi, c.safi));
}

/** ADD-PATH modes per family, the last entry for a family winning. */
function addPathModes(open: OpenMessage): Map<FamilyKey, number> {
  const m = new Map<FamilyKey, number>();
  for (const cap of find(open.capabilities, CapabilityCode.ADD_PATH)) {
    for (const e of cap.entries) m.set(familyKey(e.afi, e.safi), e.mode);
  }
  return m;
}

const RECEIVE = 1;
const SEND = 2;

/** Computes what the session may use from our OPEN and the peer's. */
export function negotiateCapabilities(local: OpenMessage, remote: OpenMessage): NegotiatedCapabilities {
  const lf = families(local);
  const rf = new Set(families(remote));
  const agreed =
    lf.length === 0 && rf.size === 0 ? [familyKey(Afi.IPV4, Safi.UNICAST)] : lf.filter((f) => rf.has(f));
  const agreedSet = new Set(agreed);
  const lap = addPathModes(local);
  const rap = addPathModes(remote);
  const addPathReceive: FamilyKey[] = [];
  const addPathSend: FamilyKey[] = [];
  for (const [f, mode] of lap) {
    const peer = rap.get(f) ?? 0;
    if (!agreedSet.has(f)) continue;
    if (mode & RECEIVE && peer & SEND) addPathReceive.push(f);
    if (mode & SEND && peer & RECEIVE) addPathSend.push(f);
  }
  const enhKey = (e: { afi: number; safi: number; nextHopAfi: number }) =>
    `${e.afi}/${e.safi}/${e.nextHopAfi}`;
  const remoteEnh = new Set(
    find(remote.capabilities, CapabilityCode.EXTENDED_NEXT_HOP).flatMap((c) => c.entries.map(enhKey)),
  );
  const extendedNextHop = [
    ...new Set(
      find(local.capabilities, CapabilityCode.EXTENDED_NEXT_HOP)
        .flatMap((c) => c.entries)
        .filter((e) => remoteEnh.has(enhKey(e)))
        .map((e) => familyKey(e.afi, e.safi)),
    ),
  ];
  const both = (code: number) => has(local.capabilities, code) && has(remote.capabilities, code);
  const gr = both(CapabilityCode.GRACEFUL_RESTART)
    ? find(remote.capabilities, CapabilityCode.GRACEFUL_RESTART)[0]
    : undefined;
  const llgr = both(CapabilityCode.LONG_LIVED_GRACEFUL_RESTART)
    ? find(remote.capabilities, CapabilityCode.LONG_LIVED_GRACEFUL_RESTART)[0]
    : undefined;
  const role = find(remote.capabilities, CapabilityCode.BGP_ROLE)[0];
  const fqdn = find(remote.capabilities, CapabilityCode.FQDN)[0];
  return {
    asn4: both(CapabilityCode.FOUR_OCTET_AS),
    peerAs: openAs(remote),
    families: agreed,
    addPathReceive,
    addPathSend,
    extendedMessage: both(CapabilityCode.EXTENDED_MESSAGE),
    extendedNextHop,
    routeRefresh: both(CapabilityCode.ROUTE_REFRESH),
    enhancedRouteRefresh: both(CapabilityCode.ENHANCED_ROUTE_REFRESH),
    ...(gr !== undefined ? { gracefulRestart: gr } : {}),
    ...(llgr !== undefined ? { longLivedGracefulRestart: llgr } : {}),
    ...(role !== undefined ? { peerRole: role.role } : {}),
    ...(fqdn !== undefined ? { peerHostname: { hostname: fqdn.hostname, domain: fqdn.domain } } : {}),
  };
}

/** The codec context a session uses once negotiated. */
export function contextFromNegotiated(n: NegotiatedCapabilities): CodecContext {
  return createContext({
    asn4: n.asn4,
    addPathReceive: n.addPathReceive,
    addPathSend: n.addPathSend,
    extendedMessage: n.extendedMessage,
    extendedNextHop: n.extendedNextHop,
  });
}

/** Options for {@link createOpen}. */
export interface OpenInit {
  /** Our AS number, 4-octet allowed. */
  readonly asn: number;
  /** Proposed hold time in seconds (0 or at least 3, RFC 4271 §4.2). */
  readonly holdTime: number;
  /** BGP identifier as a uint32. */
  readonly bgpId: number;
  /** Capabilities besides the 4-octet AS one, which is added first. */
  readonly capabilities?: readonly Capability[];
}

/**
 * An OPEN for a 4-octet AS speaker: My Autonomous System is the AS, or AS_TRANS when it needs
 * 4 octets, and the 4-octet AS capability carries the real one (RFC 6793 §3, §4.1).
 */
export function createOpen(init: OpenInit): OpenMessage {
  const others = (init.capabilities ?? []).filter(
    (c) => "raw" in c || c.code !== CapabilityCode.FOUR_OCTET_AS,
  );
  return {
    type: "OPEN",
    version: 4,
    myAs: init.asn > 0xffff ? AS_TRANS : init.asn,
    holdTime: init.holdTime,
    bgpId: init.bgpId,
    capabilities: [{ code: 65, asn: init.asn }, ...others],
  };
}
