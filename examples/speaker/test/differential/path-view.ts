/**
 * One path reduced to what the differentials compare, built the same way from BIRD's
 * `show route all`, from what an ExaBGP peer received and from our Loc-RIB dump.
 */
import type { DaemonRoute } from "@tsbgp/testkit";
import type { LocRibEntry } from "../../src/dut/loc-rib-dump.js";

/** LOCAL_PREF assumed when a path has none (RFC 4271 §5.1.5; ours and BIRD's default). */
export const DEFAULT_LOCAL_PREF = 100;

/** The compared fields of one path. */
export interface PathView {
  /** The neighbour the path came from (session address). */
  readonly peer: string;
  readonly nextHop: string;
  /** AS_PATH flattened (AS_SET members in order). */
  readonly asPath: readonly number[];
  readonly origin: string;
  readonly med: number | null;
  /**
   * Effective LOCAL_PREF: BIRD gives eBGP-learned routes its default LOCAL_PREF on import, our
   * RIB keeps them without one and assumes the same default, so both are compared as used.
   */
  readonly localPref: number;
  /** Sorted: neither side promises an order. */
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
  readonly originatorId: string | null;
  readonly clusterList: readonly string[];
}

const sorted = (xs: readonly string[] | undefined): string[] => [...(xs ?? [])].sort();

/** From a testkit daemon route (BIRD's paths, or what an ExaBGP peer received). */
export function viewOfDaemonRoute(r: DaemonRoute, peer = r.fromPeer ?? "local"): PathView {
  return {
    peer,
    nextHop: r.nextHop,
    asPath: [...r.asPath],
    origin: r.origin,
    med: r.med ?? null,
    localPref: r.localPref ?? DEFAULT_LOCAL_PREF,
    communities: sorted(r.communities),
    largeCommunities: sorted(r.largeCommunities),
    originatorId: r.originatorId ?? null,
    clusterList: [...(r.clusterList ?? [])],
  };
}

/** From one entry of our Loc-RIB dump (attributes in the speaker's JSON shape). */
export function viewOfLocRib(e: LocRibEntry): PathView {
  const path = (e.asPath as (number | number[])[] | undefined) ?? [];
  return {
    peer: e.peer,
    nextHop: String(e.nextHop ?? ""),
    asPath: path.flat(),
    origin: String(e.origin ?? "incomplete"),
    med: (e.med as number | undefined) ?? null,
    localPref: (e.localPref as number | undefined) ?? DEFAULT_LOCAL_PREF,
    communities: sorted(e.communities as string[] | undefined),
    largeCommunities: sorted(e.largeCommunities as string[] | undefined),
    originatorId: (e.originatorId as string | undefined) ?? null,
    clusterList: [...((e.clusterList as string[] | undefined) ?? [])],
  };
}

/**
 * Every difference between two prefix → path maps, one line each (empty when identical).
 * `a` and `b` name the sides in the messages.
 */
export function diffViews(
  left: ReadonlyMap<string, PathView>,
  right: ReadonlyMap<string, PathView>,
  a: string,
  b: string,
): string[] {
  const out: string[] = [];
  for (const prefix of new Set([...left.keys(), ...right.keys()])) {
    const x = left.get(prefix);
    const y = right.get(prefix);
    if (x === undefined || y === undefined) {
      out.push(`${prefix}: only ${x ? a : b} has it: ${JSON.stringify(x ?? y)}`);
      continue;
    }
    const fields = (Object.keys(x) as (keyof PathView)[]).filter(
      (k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]),
    );
    if (fields.length > 0) {
      const show = (v: PathView) => JSON.stringify(Object.fromEntries(fields.map((k) => [k, v[k]])));
      out.push(`${prefix}: ${a} ${show(x)} vs ${b} ${show(y)}`);
    }
  }
  return out.sort();
}
