/**
 * Route filter matching shared by the backends.
 * @module
 */
import { parseIp } from "../model/ip.js";
import type { NormalizedRoute } from "../model/kernel-route.js";
import type { RouteFilter } from "./backend.js";

/** Whether `address/length` lies inside `outer` (same family, at least as long, same leading bits). */
function inside(
  outer: { family: 4 | 6; address: string; length: number },
  r: NormalizedRoute,
  cache: Map<string, Uint8Array>,
): boolean {
  if (outer.family !== r.prefix.family || r.prefix.length < outer.length) return false;
  let ob = cache.get(outer.address);
  if (!ob) {
    ob = parseIp(outer.address);
    cache.set(outer.address, ob);
  }
  const rb = parseIp(r.prefix.address);
  let bits = outer.length;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ob[i]! & mask) !== (rb[i]! & mask)) return false;
  }
  return true;
}

/** Returns a predicate for `filter` (undefined filter matches everything). */
export function routeMatcher(filter: RouteFilter = {}): (r: NormalizedRoute) => boolean {
  const cache = new Map<string, Uint8Array>();
  const protos = filter.protocols ? new Set(filter.protocols) : undefined;
  return (r) =>
    (filter.protocol === undefined || r.protocol === filter.protocol) &&
    (protos === undefined || protos.has(r.protocol)) &&
    (filter.table === undefined || r.table === filter.table) &&
    (filter.family === undefined || r.prefix.family === filter.family) &&
    (filter.within === undefined || inside(filter.within, r, cache));
}
