/**
 * Turns untrusted configuration (parsed JSON or YAML) into a {@link SpeakerConfig}, or throws a
 * {@link BgpConfigError} naming the first bad field and why.
 */
import type { FamilyKey } from "@tsbgp/bgp-wire";
import { BgpConfigError } from "../errors.js";
import type { FsmConfig } from "../fsm/config.js";
import { canonicalAddress, parseRouterId } from "./address.js";
import type { ListenConfig, PeerConfig, SpeakerConfig } from "./peer-config.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads an integer in [min, max]; throws a BgpConfigError naming `path + key` otherwise. */
export function intField(o: Obj, key: string, path: string, min: number, max: number, required: true): number;
export function intField(
  o: Obj,
  key: string,
  path: string,
  min: number,
  max: number,
  required?: false,
): number | undefined;
export function intField(
  o: Obj,
  key: string,
  path: string,
  min: number,
  max: number,
  required = false,
): number | undefined {
  const v = o[key];
  if (v === undefined) {
    if (required) throw new BgpConfigError(`${path}${key}`, "is required");
    return undefined;
  }
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new BgpConfigError(
      `${path}${key}`,
      `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** Reads an IP address, returned in canonical form. */
export function addressField(o: Obj, key: string, path: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined) {
    if (required) throw new BgpConfigError(`${path}${key}`, "is required");
    return undefined;
  }
  const a = typeof v === "string" ? canonicalAddress(v) : undefined;
  if (a === undefined)
    throw new BgpConfigError(`${path}${key}`, `must be an IPv4 or IPv6 address, got ${JSON.stringify(v)}`);
  return a;
}

function boolField(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw new BgpConfigError(`${path}${key}`, "must be true or false");
  return v;
}

const FAMILY_NAMES: Record<string, FamilyKey> = {
  "ipv4-unicast": "1/1",
  "ipv6-unicast": "2/1",
  "ipv4-multicast": "1/2",
  "ipv6-multicast": "2/2",
  ipv4: "1/1",
  ipv6: "2/1",
};

/** A family as `"afi/safi"` or a name such as `ipv6-unicast`. */
export function parseFamily(v: unknown, field: string): FamilyKey {
  if (typeof v === "string") {
    const named = FAMILY_NAMES[v.toLowerCase()];
    if (named) return named;
    const m = /^(\d{1,5})\/(\d{1,3})$/.exec(v);
    if (m && Number(m[1]) <= 65535 && Number(m[2]) <= 255) return `${Number(m[1])}/${Number(m[2])}`;
  }
  throw new BgpConfigError(
    field,
    `must be "ipv4-unicast", "ipv6-unicast" or "afi/safi", got ${JSON.stringify(v)}`,
  );
}

function holdTime(o: Obj, key: string, path: string): number | undefined {
  const h = intField(o, key, path, 0, 65535);
  if (h !== undefined && h > 0 && h < 3)
    throw new BgpConfigError(`${path}${key}`, "must be 0 or at least 3 (RFC 4271 §4.2)");
  return h;
}

function parsePeer(v: unknown, path: string): PeerConfig {
  if (!isObj(v)) throw new BgpConfigError(path.slice(0, -1), "must be an object");
  const families = v.families;
  if (families !== undefined && (!Array.isArray(families) || families.length === 0)) {
    throw new BgpConfigError(`${path}families`, "must be a non-empty list");
  }
  const required = v.requiredCapabilities;
  if (
    required !== undefined &&
    (!Array.isArray(required) || required.some((c) => !Number.isInteger(c) || c < 0 || c > 255))
  ) {
    throw new BgpConfigError(`${path}requiredCapabilities`, "must be a list of capability codes 0..255");
  }
  const out: Record<string, unknown> = {
    address: addressField(v, "address", path, true),
    port: intField(v, "port", path, 1, 65535),
    sourcePort: intField(v, "sourcePort", path, 1, 65535),
    localAddress: addressField(v, "localAddress", path, false),
    peerAs: intField(v, "peerAs", path, 1, 0xffffffff),
    holdTime: holdTime(v, "holdTime", path),
    keepaliveTime: intField(v, "keepaliveTime", path, 1, 21845),
    minHoldTime: intField(v, "minHoldTime", path, 3, 65535),
    connectRetryTime: intField(v, "connectRetryTime", path, 1, 65535),
    passive: boolField(v, "passive", path),
    families: Array.isArray(families)
      ? families.map((f, i) => parseFamily(f, `${path}families[${i}]`))
      : undefined,
    requiredCapabilities: required,
    maxPrefixes: intField(v, "maxPrefixes", path, 1, 0xffffffff),
    name: typeof v.name === "string" ? v.name : undefined,
    capabilities: isObj(v.capabilities)
      ? parseCapabilities(v.capabilities, `${path}capabilities.`)
      : undefined,
    fsm: v.fsm === undefined ? undefined : parseFsm(v.fsm, `${path}fsm.`),
  };
  if (v.name !== undefined && typeof v.name !== "string")
    throw new BgpConfigError(`${path}name`, "must be a string");
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as PeerConfig;
}

const FSM_NUMBERS = [
  "connectRetryTime",
  "holdTime",
  "largeHoldTime",
  "delayOpenTime",
  "idleHoldTime",
  "maxIdleHoldTime",
  "dampQuietPeriod",
  "minConnectRetryTime",
] as const;
const FSM_FLAGS = [
  "allowAutomaticStart",
  "allowAutomaticStop",
  "passiveTcpEstablishment",
  "delayOpen",
  "sendNotificationWithoutOpen",
  "collisionDetectEstablishedState",
  "dampPeerOscillations",
  "connectRetryBackoff",
  "connectRetryJitter",
] as const;

/** The optional session attributes (RFC 4271 §8.1.1): known names only, right types. */
function parseFsm(v: unknown, path: string): Partial<FsmConfig> {
  if (!isObj(v)) throw new BgpConfigError(path.slice(0, -1), "must be an object");
  const out: Record<string, number | boolean> = {};
  for (const k of Object.keys(v)) {
    if ((FSM_NUMBERS as readonly string[]).includes(k)) out[k] = intField(v, k, path, 0, 65535, true);
    else if ((FSM_FLAGS as readonly string[]).includes(k)) out[k] = boolField(v, k, path) as boolean;
    else throw new BgpConfigError(`${path}${k}`, "is not an FSM attribute (RFC 4271 §8.1.1)");
  }
  return out as Partial<FsmConfig>;
}

function parseCapabilities(o: Obj, path: string): PeerConfig["capabilities"] {
  const out: Record<string, unknown> = {};
  for (const k of ["fourOctetAs", "routeRefresh", "enhancedRouteRefresh", "extendedMessage"]) {
    const b = boolField(o, k, path);
    if (b !== undefined) out[k] = b;
  }
  if (o.gracefulRestart !== undefined) {
    const g = o.gracefulRestart;
    if (!isObj(g)) throw new BgpConfigError(`${path}gracefulRestart`, "must be an object");
    out.gracefulRestart = {
      restartTime: intField(g, "restartTime", `${path}gracefulRestart.`, 0, 4095, true),
      forwardingPreserved: boolField(g, "forwardingPreserved", `${path}gracefulRestart.`) ?? false,
      notification: boolField(g, "notification", `${path}gracefulRestart.`) ?? false,
    };
  }
  if (o.addPath !== undefined) {
    if (!Array.isArray(o.addPath)) throw new BgpConfigError(`${path}addPath`, "must be a list");
    out.addPath = o.addPath.map((e: unknown, i) => {
      const p = `${path}addPath[${i}].`;
      if (!isObj(e)) throw new BgpConfigError(p.slice(0, -1), "must be an object");
      // Names in config files, RFC 7911 numbers (1 receive, 2 send, 3 both) from code.
      const mode = { receive: 1, send: 2, both: 3, 1: 1, 2: 2, 3: 3 }[String(e.mode)];
      if (!mode) throw new BgpConfigError(`${p}mode`, 'must be "receive", "send" or "both"');
      return { family: parseFamily(e.family, `${p}family`), mode };
    });
  }
  return out;
}

function parseListen(v: unknown): ListenConfig | undefined {
  if (v === undefined || v === null || v === false) return undefined;
  if (!isObj(v)) throw new BgpConfigError("listen", "must be an object with address and port");
  const port = intField(v, "port", "listen.", 0, 65535);
  const address = addressField(v, "address", "listen.", true)!;
  return port === undefined ? { address } : { address, port };
}

/** Validates a whole speaker configuration. */
export function validateSpeakerConfig(input: unknown): SpeakerConfig {
  if (!isObj(input)) throw new BgpConfigError("(root)", "must be an object");
  const localAs = intField(input, "localAs", "", 1, 0xffffffff, true);
  const rid = input.routerId;
  const ridNum = typeof rid === "string" || typeof rid === "number" ? parseRouterId(rid) : undefined;
  if (ridNum === undefined || ridNum === 0) {
    throw new BgpConfigError(
      "routerId",
      `must be a non-zero dotted-quad IPv4 address, got ${JSON.stringify(rid)}`,
    );
  }
  const peers = input.peers ?? [];
  if (!Array.isArray(peers)) throw new BgpConfigError("peers", "must be a list");
  const parsed = peers.map((p, i) => parsePeer(p, `peers[${i}].`));
  const seen = new Set<string>();
  parsed.forEach((p, i) => {
    const key = `${p.address}|${p.sourcePort ?? ""}`;
    if (seen.has(key)) throw new BgpConfigError(`peers[${i}].address`, `duplicate peer ${p.address}`);
    seen.add(key);
  });
  const listen = parseListen(input.listen);
  const routerId =
    typeof rid === "number"
      ? [rid >>> 24, (rid >>> 16) & 255, (rid >>> 8) & 255, rid & 255].join(".")
      : String(rid);
  return listen ? { localAs, routerId, listen, peers: parsed } : { localAs, routerId, peers: parsed };
}
