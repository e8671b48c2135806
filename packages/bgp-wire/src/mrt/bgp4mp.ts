/** BGP4MP and BGP4MP_ET (RFC 6396 §4.4, RFC 8050 §3). */
import { Bgp4mpSubtype as S } from "./constants.js";
import type { MrtCursor } from "./cursor.js";
import type { Bgp4mpMessageRecord, Bgp4mpStateChangeRecord, MrtHeader, UnknownMrtRecord } from "./types.js";

interface MessageFlags {
  readonly as4: boolean;
  readonly local: boolean;
  readonly addPath: boolean;
}

/** What each MESSAGE subtype means (RFC 6396 §4.4.2-4.4.6, RFC 8050 §3). */
const messageSubtypes: ReadonlyMap<number, MessageFlags> = new Map([
  [S.MESSAGE, { as4: false, local: false, addPath: false }],
  [S.MESSAGE_AS4, { as4: true, local: false, addPath: false }],
  [S.MESSAGE_LOCAL, { as4: false, local: true, addPath: false }],
  [S.MESSAGE_AS4_LOCAL, { as4: true, local: true, addPath: false }],
  [S.MESSAGE_ADDPATH, { as4: false, local: false, addPath: true }],
  [S.MESSAGE_AS4_ADDPATH, { as4: true, local: false, addPath: true }],
  [S.MESSAGE_LOCAL_ADDPATH, { as4: false, local: true, addPath: true }],
  [S.MESSAGE_AS4_LOCAL_ADDPATH, { as4: true, local: true, addPath: true }],
]);

/**
 * Decodes a BGP4MP(_ET) message field. ENTRY/SNAPSHOT (deprecated) and unknown subtypes are
 * kept raw.
 * ```
 * | Peer AS (2/4) | Local AS (2/4) | Interface Index (2) | Address Family (2) |
 * | Peer IP (4/16) | Local IP (4/16) | Old State (2) | New State (2) |      STATE_CHANGE(_AS4)
 * | Peer IP (4/16) | Local IP (4/16) | BGP Message (variable) |             MESSAGE*
 * ```
 */
export function decodeBgp4mp(
  c: MrtCursor,
  header: MrtHeader,
): Bgp4mpMessageRecord | Bgp4mpStateChangeRecord | UnknownMrtRecord {
  const sub = header.subtype;
  if (sub === S.STATE_CHANGE || sub === S.STATE_CHANGE_AS4) {
    const as4 = sub === S.STATE_CHANGE_AS4;
    const peerAs = as4 ? c.u32("peer AS") : c.u16("peer AS");
    const localAs = as4 ? c.u32("local AS") : c.u16("local AS");
    const interfaceIndex = c.u16("interface index");
    const afi = addressFamily(c);
    const peerIp = c.ip(afi, "peer IP address");
    const localIp = c.ip(afi, "local IP address");
    const oldState = c.u16("old state");
    const newState = c.u16("new state");
    return {
      type: "BGP4MP_STATE_CHANGE",
      header,
      peerAs,
      localAs,
      interfaceIndex,
      afi,
      peerIp,
      localIp,
      as4,
      oldState,
      newState,
    };
  }
  const flags = messageSubtypes.get(sub);
  if (!flags) return { type: "UNKNOWN", header, body: c.view(c.remaining, "body") };
  const peerAs = flags.as4 ? c.u32("peer AS") : c.u16("peer AS");
  const localAs = flags.as4 ? c.u32("local AS") : c.u16("local AS");
  const interfaceIndex = c.u16("interface index");
  const afi = addressFamily(c);
  const peerIp = c.ip(afi, "peer IP address");
  const localIp = c.ip(afi, "local IP address");
  const message = c.view(c.remaining, "BGP message");
  return {
    type: "BGP4MP_MESSAGE",
    header,
    peerAs,
    localAs,
    interfaceIndex,
    afi,
    peerIp,
    localIp,
    as4: flags.as4,
    local: flags.local,
    addPath: flags.addPath,
    message,
  };
}

function addressFamily(c: MrtCursor): 1 | 2 {
  const afi = c.u16("address family");
  if (afi !== 1 && afi !== 2) c.fail(`unsupported address family ${afi}`, c.pos - 2);
  return afi;
}
