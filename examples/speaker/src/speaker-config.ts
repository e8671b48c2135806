/**
 * The speaker's config file: a `@tsbgp/bgp-fsm` speaker config plus the routes to announce.
 * JSON or YAML; every bad field is reported as a BgpConfigError that names it.
 */
import { readFileSync } from "node:fs";
import { BgpConfigError, type SpeakerConfig, validateSpeakerConfig } from "@tsbgp/bgp-fsm";
import {
  type IpAddress,
  type LargeCommunity,
  type OriginCode,
  type Prefix,
  parseCommunity,
  parseIpv4,
  parseIpv6,
  parsePrefix,
} from "@tsbgp/bgp-wire";
import { parse as parseYaml } from "yaml";

/** One group of prefixes announced with one attribute set. */
export interface AnnounceEntry {
  readonly prefixes: readonly Prefix[];
  /** Next hop; default: our own address on each session (next-hop-self). */
  readonly nextHop?: IpAddress;
  readonly origin: OriginCode;
  /** AS numbers after our own (eBGP) or the whole path (iBGP). */
  readonly asPath: readonly number[];
  readonly med?: number;
  /** LOCAL_PREF for iBGP peers (default 100); never sent to eBGP peers (RFC 4271 §5.1.5). */
  readonly localPref?: number;
  readonly communities: readonly number[];
  readonly largeCommunities: readonly LargeCommunity[];
}

/** The whole speaker configuration. */
export interface SpeakerFileConfig extends SpeakerConfig {
  readonly announce: readonly AnnounceEntry[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const ORIGINS: Record<string, OriginCode> = { igp: 0, egp: 1, incomplete: 2 };

function u32(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new BgpConfigError(field, `must be an integer from 0 to 4294967295, got ${JSON.stringify(v)}`);
  }
  return v;
}

function list(v: unknown, field: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new BgpConfigError(field, "must be a list");
  return v;
}

function parseAddress(v: unknown, field: string): IpAddress {
  if (typeof v === "string") {
    try {
      return v.includes(":") ? { afi: 2, addr: parseIpv6(v) } : { afi: 1, addr: parseIpv4(v) };
    } catch {
      // reported below
    }
  }
  throw new BgpConfigError(field, `must be an IPv4 or IPv6 address, got ${JSON.stringify(v)}`);
}

function parseLarge(v: unknown, field: string): LargeCommunity {
  const m = typeof v === "string" ? /^(\d+):(\d+):(\d+)$/.exec(v) : null;
  const parts = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
  if (parts.length !== 3 || parts.some((x) => x > 0xffffffff)) {
    throw new BgpConfigError(field, `must be "global:local1:local2", got ${JSON.stringify(v)}`);
  }
  return { global: parts[0]!, local1: parts[1]!, local2: parts[2]! };
}

function parseEntry(v: unknown, path: string): AnnounceEntry {
  if (!isObj(v)) throw new BgpConfigError(path, "must be an object");
  const raw = v.prefixes ?? (v.prefix === undefined ? undefined : [v.prefix]);
  const items = list(raw, `${path}.prefixes`);
  if (items.length === 0) throw new BgpConfigError(`${path}.prefixes`, "must list at least one prefix");
  const prefixes = items.map((p, i) => {
    try {
      if (typeof p !== "string") throw new Error("not a string");
      return parsePrefix(p);
    } catch {
      throw new BgpConfigError(
        `${path}.prefixes[${i}]`,
        `must be a prefix like 192.0.2.0/24, got ${JSON.stringify(p)}`,
      );
    }
  });
  const origin = v.origin === undefined ? 0 : ORIGINS[String(v.origin).toLowerCase()];
  if (origin === undefined)
    throw new BgpConfigError(`${path}.origin`, 'must be "igp", "egp" or "incomplete"');
  const communities = list(v.communities, `${path}.communities`).map((c, i) => {
    // "no-export" and "NO_EXPORT" both name the RFC 1997 community.
    const n =
      typeof c === "string"
        ? (parseCommunity(c) ?? parseCommunity(c.toUpperCase().replace(/-/g, "_")))
        : undefined;
    if (n === undefined)
      throw new BgpConfigError(
        `${path}.communities[${i}]`,
        `must be "asn:value" or a well-known name, got ${JSON.stringify(c)}`,
      );
    return n;
  });
  const out: {
    -readonly [K in keyof AnnounceEntry]: AnnounceEntry[K];
  } = {
    prefixes,
    origin,
    asPath: list(v.asPath, `${path}.asPath`).map((a, i) => u32(a, `${path}.asPath[${i}]`)),
    communities,
    largeCommunities: list(v.largeCommunities, `${path}.largeCommunities`).map((c, i) =>
      parseLarge(c, `${path}.largeCommunities[${i}]`),
    ),
  };
  if (v.nextHop !== undefined) out.nextHop = parseAddress(v.nextHop, `${path}.nextHop`);
  if (v.med !== undefined) out.med = u32(v.med, `${path}.med`);
  if (v.localPref !== undefined) out.localPref = u32(v.localPref, `${path}.localPref`);
  return out;
}

/** Validates parsed config data. */
export function validateFileConfig(data: unknown): SpeakerFileConfig {
  const speaker = validateSpeakerConfig(data);
  const announce = list(isObj(data) ? data.announce : undefined, "announce").map((e, i) =>
    parseEntry(e, `announce[${i}]`),
  );
  return { ...speaker, announce };
}

/** Reads and validates a JSON (`.json`) or YAML (anything else) config file. */
export function loadConfig(file: string): SpeakerFileConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new BgpConfigError("--config", `cannot read ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new BgpConfigError(
      "--config",
      `${file} is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message}`,
    );
  }
  return validateFileConfig(data);
}
