/**
 * The best-path differential's scenarios: each prefix is one scenario, announced by a random
 * subset of the peers with random attributes, from a fixed seed. The attribute ranges are
 * small on purpose (MED 0..4, three LOCAL_PREFs, short paths, a few ORIGINATOR_IDs) so that
 * ties are common and every step of the decision process gets to decide some prefixes.
 */
import type { GeneratedRoute } from "./generated-route.js";
import { choose, pick, prng, type Rng } from "./prng.js";

/** The AS of BIRD and of our speaker (iBGP peers share it). */
export const LOCAL_AS = 65000;

/** One announcing peer (an ExaBGP in its own namespace). */
export interface PeerSpec {
  readonly name: string;
  readonly asn: number;
  readonly routerId: string;
}

/** Two eBGP and two iBGP peers; router IDs interleave with the ORIGINATOR_IDs below. */
export const PEERS: readonly PeerSpec[] = [
  { name: "e1", asn: 65001, routerId: "10.0.0.9" },
  { name: "e2", asn: 65002, routerId: "10.0.0.3" },
  { name: "i1", asn: LOCAL_AS, routerId: "10.0.0.7" },
  { name: "i2", asn: LOCAL_AS, routerId: "10.0.0.5" },
];

/** Scenario i's IPv4 prefix: /26s in 198.18.128.0/17 (i < 2048). */
export const v4Prefix = (i: number): string => `198.18.${128 + (i >> 2)}.${(i & 3) * 64}/26`;
/** Scenario i's IPv6 prefix: /48s in 2001:db8:8000::/33. */
export const v6Prefix = (i: number): string => `2001:db8:${(0x8000 + i).toString(16)}::/48`;

/** A peer's addresses on the shared segment, which are also its next-hop-self. */
export interface PeerAddresses {
  readonly v4: string;
  readonly v6: string;
}

/** Neighbouring ASes an iBGP path may start with: the eBGP peers' (so MED is compared) or another. */
const IBGP_FIRST_AS = [65001, 65002, 65103] as const;
/** ORIGINATOR_IDs below, between and above the peers' router IDs, to tie and to beat them. */
const ORIGINATOR_IDS = ["10.0.0.4", "10.0.0.6", "10.0.0.8"] as const;
const CLUSTER_IDS = ["10.9.0.1", "10.9.0.2"] as const;
const ORIGINS = ["igp", "egp", "incomplete"] as const;

/** An address on the same subnet as `self` that nobody holds: a third-party next hop. */
function thirdParty(self: string, k: number): string {
  return self.includes(":")
    ? self.replace(/[^:]+$/, (0xc8 + k).toString(16))
    : self.replace(/[^.]+$/, String(200 + k));
}

function distinct<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function route(rnd: Rng, prefix: string, peer: PeerSpec, k: number, self: string): GeneratedRoute {
  const ibgp = peer.asn === LOCAL_AS;
  const extra = Array.from({ length: pick(rnd, 3) }, () => 64600 + pick(rnd, 8));
  // iBGP: an internal route (empty AS_PATH) now and then, else one from a neighbouring AS.
  const asSequence = ibgp
    ? rnd() < 0.15
      ? []
      : [choose(rnd, IBGP_FIRST_AS), ...extra]
    : [peer.asn, ...extra];
  const asSet =
    asSequence.length > 0 && rnd() < 0.2
      ? distinct(Array.from({ length: 1 + pick(rnd, 3) }, () => 64700 + pick(rnd, 4)))
      : [];
  const communities = distinct(Array.from({ length: pick(rnd, 3) }, () => `${peer.asn}:${pick(rnd, 5)}`));
  const large = rnd() < 0.2 ? [`${peer.asn}:${pick(rnd, 3)}:${pick(rnd, 3)}`] : [];
  const r: GeneratedRoute = {
    prefix,
    nextHop: rnd() < 0.3 ? thirdParty(self, k) : self,
    origin: choose(rnd, ORIGINS),
    asSequence,
    asSet,
    ...(rnd() < 0.6 ? { med: pick(rnd, 5) } : {}),
    communities,
    largeCommunities: large,
  };
  if (!ibgp) return r;
  const lp = rnd();
  return {
    ...r,
    // A missing LOCAL_PREF on iBGP now and then: both sides must assume 100.
    ...(lp < 0.1 ? {} : { localPref: choose(rnd, [50, 100, 100, 200] as const) }),
    ...(rnd() < 0.25 ? { originatorId: choose(rnd, ORIGINATOR_IDS) } : {}),
    ...(rnd() < 0.25 ? { clusterList: CLUSTER_IDS.slice(0, 1 + pick(rnd, 2)) } : {}),
  };
}

/**
 * A tie-break scenario for the two iBGP peers: the same attributes up to the router-ID step,
 * ORIGINATOR_IDs from a pool of two (equal half of the time, so RFC 4456 §9's CLUSTER_LIST
 * length and then the peer address get to decide) and CLUSTER_LISTs of 0 to 2 entries.
 */
function tieBreakPair(rnd: Rng, prefix: string, selves: readonly string[]): GeneratedRoute[] {
  const base = {
    prefix,
    origin: choose(rnd, ORIGINS),
    asSequence: [choose(rnd, IBGP_FIRST_AS)],
    asSet: [],
    med: pick(rnd, 2),
    localPref: 100,
    communities: [],
    largeCommunities: [],
  };
  return selves.map((self) => ({
    ...base,
    nextHop: self,
    ...(rnd() < 0.8 ? { originatorId: choose(rnd, ORIGINATOR_IDS.slice(0, 2)) } : {}),
    clusterList: CLUSTER_IDS.slice(0, pick(rnd, 3)),
  }));
}

/** How many scenarios of each kind. */
export interface ScenarioCounts {
  /** Random IPv4 prefixes, announced by a random subset of all peers. */
  readonly v4: number;
  /** Random IPv6 prefixes, likewise. */
  readonly v6: number;
  /** Tie-break prefixes (alternately IPv4 and IPv6) announced by the two iBGP peers only. */
  readonly tieBreak: number;
}

/**
 * Per peer (in {@link PEERS} order), the routes of every scenario: random prefixes, each
 * skipped by each peer with probability 0.2, then the iBGP tie-break prefixes.
 */
export function generateBestPathScenarios(
  seed: number,
  counts: ScenarioCounts,
  addresses: readonly PeerAddresses[],
): GeneratedRoute[][] {
  const rnd = prng(seed);
  const out: GeneratedRoute[][] = PEERS.map(() => []);
  const scenarios = [
    ...Array.from({ length: counts.v4 }, (_, i) => ({ prefix: v4Prefix(i), v6: false })),
    ...Array.from({ length: counts.v6 }, (_, i) => ({ prefix: v6Prefix(i), v6: true })),
  ];
  for (const s of scenarios) {
    PEERS.forEach((peer, k) => {
      if (rnd() < 0.2) return;
      const a = addresses[k] as PeerAddresses;
      out[k]?.push(route(rnd, s.prefix, peer, k, s.v6 ? a.v6 : a.v4));
    });
  }
  const ibgp = PEERS.flatMap((p, k) => (p.asn === LOCAL_AS ? [k] : []));
  for (let j = 0; j < counts.tieBreak; j++) {
    const v6 = j % 2 === 1;
    const prefix = v6 ? v6Prefix(counts.v6 + j) : v4Prefix(counts.v4 + j);
    const selves = ibgp.map((k) => (v6 ? addresses[k]?.v6 : addresses[k]?.v4) as string);
    for (const [i, r] of tieBreakPair(rnd, prefix, selves).entries()) out[ibgp[i] as number]?.push(r);
  }
  return out;
}
