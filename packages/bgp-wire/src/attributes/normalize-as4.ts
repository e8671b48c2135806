/**
 * RFC 6793 §4.2.3: how a NEW (4-octet) speaker rebuilds the real AS path and aggregator from
 * what an OLD (2-octet) speaker sent. The codec decodes faithfully; this is the explicit step a
 * receiver of a 2-octet session (or of a 2-octet MRT record) applies.
 */
import { AS_TRANS, AsPathSegmentType } from "../constants.js";
import type { AsPathSegment, PathAttributes } from "../types/attributes.js";
import type { MutablePathAttributes } from "./descriptor.js";

function isConfed(seg: AsPathSegment): boolean {
  return seg.type === AsPathSegmentType.AS_CONFED_SEQUENCE || seg.type === AsPathSegmentType.AS_CONFED_SET;
}

/** Number of ASes for path length purposes: a set counts as one, confederation segments as zero (RFC 6793 §4.2.3). */
export function asPathLength(path: readonly AsPathSegment[]): number {
  let n = 0;
  for (const seg of path) {
    if (isConfed(seg)) continue;
    n += seg.type === AsPathSegmentType.AS_SET ? 1 : seg.asns.length;
  }
  return n;
}

/**
 * Merges AS4_PATH / AS4_AGGREGATOR into AS_PATH / AGGREGATOR and drops the AS4_* attributes:
 * - an AGGREGATOR whose AS is not AS_TRANS means the AS4_* attributes are stale and ignored;
 * - an AGGREGATOR of AS_TRANS is replaced by AS4_AGGREGATOR when present;
 * - when AS_PATH holds fewer ASes than AS4_PATH, AS4_PATH is ignored; otherwise the leading
 *   ASes of AS_PATH that AS4_PATH lacks are prepended to it;
 * - confederation segments in AS4_PATH are dropped (RFC 6793 §6).
 * Returns `attrs` itself when there is nothing to merge.
 */
export function normalizeAs4(attrs: PathAttributes): PathAttributes {
  if (attrs.as4Path === undefined && attrs.as4Aggregator === undefined) return attrs;
  const out: MutablePathAttributes = { ...attrs };
  delete out.as4Path;
  delete out.as4Aggregator;
  if (attrs.aggregator !== undefined && attrs.aggregator.asn !== AS_TRANS) return out;
  if (attrs.aggregator !== undefined && attrs.as4Aggregator !== undefined)
    out.aggregator = attrs.as4Aggregator;
  if (attrs.as4Path === undefined) return out;
  const as4 = attrs.as4Path.filter((s) => !isConfed(s));
  const asPath = attrs.asPath ?? [];
  let need = asPathLength(asPath) - asPathLength(as4);
  if (need < 0) return out;
  const merged: AsPathSegment[] = [];
  for (const seg of asPath) {
    // Confederation segments lead AS_PATH and have no AS4_PATH counterpart: always kept.
    if (isConfed(seg)) {
      merged.push(seg);
      continue;
    }
    if (need <= 0) break;
    if (seg.type === AsPathSegmentType.AS_SET) {
      merged.push(seg);
      need -= 1;
    } else if (seg.asns.length <= need) {
      merged.push(seg);
      need -= seg.asns.length;
    } else {
      merged.push({ type: seg.type, asns: seg.asns.slice(0, need) });
      need = 0;
    }
  }
  const last = merged[merged.length - 1];
  const first = as4[0];
  let rest = as4;
  if (
    last &&
    first &&
    last.type === AsPathSegmentType.AS_SEQUENCE &&
    first.type === AsPathSegmentType.AS_SEQUENCE
  ) {
    // One continuous sequence, split only because it came from two attributes.
    merged[merged.length - 1] = { type: last.type, asns: [...last.asns, ...first.asns] };
    rest = as4.slice(1);
  }
  out.asPath = [...merged, ...rest];
  return out;
}

/**
 * The other direction (RFC 6793 §4.2.2): what a NEW speaker sends to an OLD (2-octet) peer.
 * Every AS above 65535 in AS_PATH / AGGREGATOR becomes AS_TRANS, and when one did, the real
 * values travel in AS4_PATH (without confederation segments) / AS4_AGGREGATOR. Returns `attrs`
 * itself when every AS fits in two octets.
 */
export function denormalizeAs4(attrs: PathAttributes): PathAttributes {
  const wide = (asn: number): boolean => asn > 0xffff;
  const pathWide = (attrs.asPath ?? []).some((s) => s.asns.some(wide));
  const aggWide = attrs.aggregator !== undefined && wide(attrs.aggregator.asn);
  if (!pathWide && !aggWide) return attrs;
  const out: MutablePathAttributes = { ...attrs };
  if (pathWide && attrs.asPath) {
    out.asPath = attrs.asPath.map((s) => ({
      type: s.type,
      asns: s.asns.map((a) => (wide(a) ? AS_TRANS : a)),
    }));
    out.as4Path = attrs.asPath.filter((s) => !isConfed(s));
  }
  if (aggWide && attrs.aggregator) {
    out.aggregator = { asn: AS_TRANS, address: attrs.aggregator.address };
    out.as4Aggregator = attrs.aggregator;
  }
  return out;
}
