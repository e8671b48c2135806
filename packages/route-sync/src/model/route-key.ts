/**
 * Route identity, normalisation, equality and display.
 * @module
 */
import { RouteSyncError } from "../errors.js";
import { familyOf, formatIp, maskInPlace, parseIp, parseV4 } from "./ip.js";
import {
  IPV6_DEFAULT_METRIC,
  type KernelRoute,
  MAIN_TABLE,
  type Nexthop,
  type NormalizedRoute,
  RouteKind,
  type RoutePrefix,
} from "./kernel-route.js";

const kinds = new Set<string>(Object.values(RouteKind));
const scratch = new Uint8Array(4);

/**
 * Validates a prefix and returns it canonical. IPv4 fast path: a dotted quad that parses (no
 * leading zeros) is already canonical, so the caller's object is kept as is.
 */
function canonicalPrefix(p: RoutePrefix): RoutePrefix {
  if (typeof p.address === "string" && !p.address.includes(":") && Number.isInteger(p.length)) {
    if (p.length < 0 || p.length > 32 || !parseV4(p.address, scratch, 0))
      return parsePrefix(`${p.address}/${p.length}`);
    if (maskInPlace(scratch, p.length))
      throw new RouteSyncError("INVALID_ROUTE", `host bits set in "${p.address}/${p.length}"`);
    return p.family === 4 ? p : { family: 4, address: p.address, length: p.length };
  }
  return parsePrefix(`${p.address}/${p.length}`);
}
const U32 = 0xffff_ffff;

/** Parses "198.18.0.0/24" or "2001:db8::/32" into a {@link RoutePrefix}; throws INVALID_ROUTE. */
export function parsePrefix(text: string): RoutePrefix {
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  const bytes = parseIp(addr);
  const max = bytes.length * 8;
  const length = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(length) || length < 0 || length > max) {
    throw new RouteSyncError("INVALID_ROUTE", `invalid prefix length in "${text}"`);
  }
  if (maskInPlace(bytes, length)) throw new RouteSyncError("INVALID_ROUTE", `host bits set in "${text}"`);
  return { family: bytes.length === 4 ? 4 : 6, address: formatIp(bytes), length };
}

/** "address/length". */
export function formatPrefix(p: RoutePrefix): string {
  return `${p.address}/${p.length}`;
}

/** Identity of a route in the kernel: table, prefix and metric (fib lookup key, `ip route` semantics). */
export function routeKey(r: NormalizedRoute): string {
  return `${r.table}|${r.prefix.address}/${r.prefix.length}|${r.metric}`;
}

/** Text like `ip route` prints, for messages: "198.19.0.0/24 via 198.18.0.2 dev d0 table 100 metric 5 proto 200". */
export function formatRoute(r: KernelRoute): string {
  const parts: string[] = [];
  const kind = r.kind ?? "unicast";
  if (kind !== "unicast") parts.push(kind);
  parts.push(r.prefix ? formatPrefix(r.prefix) : "?");
  const hops = r.nexthops ?? [];
  const hop = (h: Nexthop): string[] => {
    const s: string[] = [];
    if (h.gateway) s.push("via", h.gateway);
    if (h.dev) s.push("dev", h.dev);
    else if (h.ifindex !== undefined) s.push("ifindex", String(h.ifindex));
    if (h.onlink) s.push("onlink");
    return s;
  };
  if (hops.length === 1) parts.push(...hop(hops[0]!));
  else for (const h of hops) parts.push("nexthop", ...hop(h), "weight", String(h.weight ?? 1));
  if (r.table !== undefined && r.table !== MAIN_TABLE) parts.push("table", String(r.table));
  if (r.metric !== undefined) parts.push("metric", String(r.metric));
  if (r.protocol !== undefined) parts.push("proto", String(r.protocol));
  return parts.join(" ");
}

function checkU32(v: number, what: string, r: KernelRoute): void {
  if (!Number.isInteger(v) || v < 0 || v > U32) invalid(r, `${what} ${v} out of range`);
}

function invalid(r: KernelRoute, why: string): never {
  throw new RouteSyncError("INVALID_ROUTE", `${formatRoute(r)}: ${why}`, { route: formatRoute(r) });
}

function canonicalIp(r: KernelRoute, text: string): string {
  try {
    return formatIp(parseIp(text));
  } catch {
    invalid(r, `invalid gateway "${text}"`);
  }
}

function normalizeHop(r: KernelRoute, family: 4 | 6, h: Nexthop, multi: boolean): Nexthop {
  // Hot path (one IPv4 gateway, nothing else): already canonical, keep the caller's object.
  if (
    !multi &&
    family === 4 &&
    h.gateway !== undefined &&
    h.dev === undefined &&
    h.ifindex === undefined &&
    h.weight === undefined &&
    h.onlink === undefined &&
    parseV4(h.gateway, scratch, 0)
  ) {
    return h;
  }
  const out: { -readonly [K in keyof Nexthop]: Nexthop[K] } = {};
  if (h.gateway !== undefined) {
    if (familyOf(h.gateway) !== family) invalid(r, `gateway ${h.gateway} is not IPv${family}`);
    if (family === 4 && parseV4(h.gateway, scratch, 0)) out.gateway = h.gateway;
    else out.gateway = canonicalIp(r, h.gateway);
  }
  if (h.dev !== undefined) {
    if (h.dev === "" || h.dev.length > 15) invalid(r, `invalid device name "${h.dev}"`);
    out.dev = h.dev;
  }
  if (h.ifindex !== undefined) {
    checkU32(h.ifindex, "ifindex", r);
    out.ifindex = h.ifindex;
  }
  if (out.gateway === undefined && out.dev === undefined && out.ifindex === undefined) {
    invalid(r, "next hop needs a gateway or a device");
  }
  // Weight only exists inside RTA_MULTIPATH (rtnh_hops is weight - 1).
  if (multi) {
    const w = h.weight ?? 1;
    if (!Number.isInteger(w) || w < 1 || w > 256) invalid(r, `weight ${w} not in 1..256`);
    out.weight = w;
  }
  if (h.onlink) {
    if (out.dev === undefined && out.ifindex === undefined) invalid(r, "onlink needs a device");
    out.onlink = true;
  }
  return out;
}

/** Options of {@link normalizeRoute}. */
export interface NormalizeOptions {
  /**
   * Only the identity matters (a removal): the kernel matches a delete by table, prefix, metric
   * and protocol, so next hops are neither needed nor checked, and the result has none.
   */
  readonly keyOnly?: boolean;
  /** Protocol to give the route whatever it says itself (a sync's desired routes are all its own). */
  readonly protocol?: number;
}

/**
 * Validates a route and fills the defaults (kind unicast, table main, metric 0 / 1024 for IPv6,
 * protocol `defaultProtocol`). Throws `RouteSyncError` INVALID_ROUTE naming the route.
 */
export function normalizeRoute(
  r: KernelRoute,
  defaultProtocol: number,
  options: NormalizeOptions = {},
): NormalizedRoute {
  if (!r || typeof r !== "object" || !r.prefix)
    throw new RouteSyncError("INVALID_ROUTE", "route without prefix");
  let prefix: RoutePrefix;
  try {
    prefix = canonicalPrefix(r.prefix);
  } catch (e) {
    invalid(r, (e as Error).message);
  }
  if (r.prefix.family !== undefined && r.prefix.family !== prefix.family)
    invalid(r, "family does not match address");
  const kind = r.kind ?? "unicast";
  if (!kinds.has(kind)) invalid(r, `unknown kind "${kind}"`);
  // A removal is matched by key alone: its next hops are not looked at (saves parsing them).
  const hops = options.keyOnly ? [] : (r.nexthops ?? []);
  if (kind === "unicast" && hops.length === 0 && !options.keyOnly)
    invalid(r, "unicast route needs a next hop");
  if (kind !== "unicast" && hops.length > 0) invalid(r, `${kind} route cannot have next hops`);
  // Keep the caller's array when every hop is already canonical (the hot path allocates nothing).
  let nexthops: readonly Nexthop[] = hops;
  for (let i = 0; i < hops.length; i++) {
    const h = normalizeHop(r, prefix.family, hops[i]!, hops.length > 1);
    if (h !== hops[i]) {
      if (nexthops === hops) nexthops = hops.slice(0, i);
      (nexthops as Nexthop[]).push(h);
    } else if (nexthops !== hops) (nexthops as Nexthop[]).push(h);
  }
  const table = r.table ?? MAIN_TABLE;
  checkU32(table, "table", r);
  if (table === 0) invalid(r, "table 0 is not a table");
  let metric = r.metric ?? 0;
  checkU32(metric, "metric", r);
  if (prefix.family === 6 && metric === 0) metric = IPV6_DEFAULT_METRIC;
  const protocol = options.protocol ?? r.protocol ?? defaultProtocol;
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255)
    invalid(r, `protocol ${protocol} not in 0..255`);
  const out: NormalizedRoute = { prefix, kind, nexthops, table, metric, protocol };
  if (r.prefsrc !== undefined) {
    if (familyOf(r.prefsrc) !== prefix.family) invalid(r, `prefsrc ${r.prefsrc} has the wrong family`);
    return { ...out, prefsrc: formatIp(parseIp(r.prefsrc)) };
  }
  return out;
}

function hopMatches(want: Nexthop, have: Nexthop, multi: boolean): boolean {
  if ((want.gateway ?? "") !== (have.gateway ?? "")) return false;
  if (want.ifindex !== undefined && want.ifindex !== have.ifindex) return false;
  if (want.ifindex === undefined && want.dev !== undefined && want.dev !== have.dev) return false;
  if (multi && (want.weight ?? 1) !== (have.weight ?? 1)) return false;
  return Boolean(want.onlink) === Boolean(have.onlink);
}

const hopOrder = (a: Nexthop, b: Nexthop): number =>
  (a.gateway ?? "").localeCompare(b.gateway ?? "") || (a.dev ?? "").localeCompare(b.dev ?? "");

/**
 * Whether the kernel's route `have` does what `want` asks (kind, next hops, protocol, prefsrc).
 * Next hop order does not matter; a device left out of `want` is not compared.
 */
export function sameForwarding(want: NormalizedRoute, have: NormalizedRoute): boolean {
  if (want.kind !== have.kind || want.protocol !== have.protocol) return false;
  if (want.prefsrc !== undefined && want.prefsrc !== have.prefsrc) return false;
  if (want.nexthops.length !== have.nexthops.length) return false;
  const multi = want.nexthops.length > 1;
  const a = [...want.nexthops].sort(hopOrder);
  const b = [...have.nexthops].sort(hopOrder);
  return a.every((h, i) => hopMatches(h, b[i]!, multi));
}
