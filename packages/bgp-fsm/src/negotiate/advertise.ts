/**
 * What we advertise in our OPEN: the speaker's AS, identifier and hold time, and the
 * capabilities (RFC 5492) chosen by a small options object.
 */
import {
  AS_TRANS,
  type AddPathMode,
  type Capability,
  CapabilityCode,
  type FamilyKey,
  type OpenMessage,
} from "@tsbgp/bgp-wire";

/** Our graceful restart settings (RFC 4724 §3). */
export interface GracefulRestartOptions {
  /** Seconds the peer should keep our routes while we restart (12 bits, ≤ 4095). */
  readonly restartTime: number;
  /** Set the Restart State bit: we are coming back from a restart. */
  readonly restarting?: boolean;
  /** We preserve forwarding state across a restart (the F bit for every family). */
  readonly forwardingPreserved?: boolean;
  /** Graceful notification support (RFC 8538 N bit). */
  readonly notification?: boolean;
}

/** The capabilities we advertise. Every field has a modern default. */
export interface CapabilityOptions {
  /** Families as `"afi/safi"`; default IPv4 unicast only. */
  readonly families?: readonly FamilyKey[];
  /** Advertise 4-octet AS support (RFC 6793); default true. Turning it off is for tests of old peers. */
  readonly fourOctetAs?: boolean;
  /** Route refresh (RFC 2918); default true. */
  readonly routeRefresh?: boolean;
  /** Enhanced route refresh (RFC 7313); default true. */
  readonly enhancedRouteRefresh?: boolean;
  /** Extended messages (RFC 8654); default true. */
  readonly extendedMessage?: boolean;
  /** ADD-PATH modes per family (RFC 7911); default none. */
  readonly addPath?: readonly { readonly family: FamilyKey; readonly mode: AddPathMode }[];
  /** Extended next hop entries (RFC 8950), e.g. IPv4 unicast over an IPv6 next hop. */
  readonly extendedNextHop?: readonly { readonly family: FamilyKey; readonly nextHopAfi: number }[];
  /** Graceful restart (RFC 4724); default not advertised. */
  readonly gracefulRestart?: GracefulRestartOptions;
}

/** Our side of an OPEN. */
export interface LocalOpenParams {
  /** Our AS number (up to 4 octets). */
  readonly localAs: number;
  /** Our BGP identifier as a uint32. */
  readonly routerId: number;
  /** Proposed hold time in seconds. */
  readonly holdTime: number;
  readonly capabilities?: CapabilityOptions;
}

/** Splits a family key into numbers. */
export function splitFamily(key: FamilyKey): { afi: number; safi: number } {
  const [afi, safi] = key.split("/").map(Number);
  return { afi: afi ?? 0, safi: safi ?? 0 };
}

/** Builds the capability list we advertise, in a stable order. */
export function advertisedCapabilities(opts: CapabilityOptions = {}, localAs = 0): Capability[] {
  const caps: Capability[] = [];
  const families = opts.families ?? ["1/1"];
  for (const f of families) caps.push({ code: CapabilityCode.MULTIPROTOCOL, ...splitFamily(f) });
  if (opts.routeRefresh ?? true) caps.push({ code: CapabilityCode.ROUTE_REFRESH });
  if (opts.enhancedRouteRefresh ?? true) caps.push({ code: CapabilityCode.ENHANCED_ROUTE_REFRESH });
  if (opts.extendedMessage ?? true) caps.push({ code: CapabilityCode.EXTENDED_MESSAGE });
  if (opts.extendedNextHop && opts.extendedNextHop.length > 0) {
    const entries = opts.extendedNextHop.map((e) => ({ ...splitFamily(e.family), nextHopAfi: e.nextHopAfi }));
    caps.push({ code: CapabilityCode.EXTENDED_NEXT_HOP, entries });
  }
  if (opts.gracefulRestart) {
    const gr = opts.gracefulRestart;
    caps.push({
      code: CapabilityCode.GRACEFUL_RESTART,
      restarting: gr.restarting ?? false,
      notification: gr.notification ?? false,
      restartTime: gr.restartTime,
      families: families.map((f) => ({
        ...splitFamily(f),
        forwardingPreserved: gr.forwardingPreserved ?? false,
      })),
    });
  }
  if (opts.fourOctetAs ?? true) caps.push({ code: CapabilityCode.FOUR_OCTET_AS, asn: localAs });
  if (opts.addPath && opts.addPath.length > 0) {
    const entries = opts.addPath.map((e) => ({ ...splitFamily(e.family), mode: e.mode }));
    caps.push({ code: CapabilityCode.ADD_PATH, entries });
  }
  return caps;
}

/**
 * Our OPEN (RFC 4271 §4.2): a local AS above 65535 goes in the 2-octet field as AS_TRANS, the
 * real one in the 4-octet AS capability (RFC 6793 §4.1).
 */
export function buildOpen(p: LocalOpenParams): OpenMessage {
  return {
    type: "OPEN",
    version: 4,
    myAs: p.localAs > 0xffff ? AS_TRANS : p.localAs,
    holdTime: p.holdTime,
    bgpId: p.routerId >>> 0,
    capabilities: advertisedCapabilities(p.capabilities, p.localAs),
  };
}
