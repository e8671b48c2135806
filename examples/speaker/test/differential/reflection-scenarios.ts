/**
 * The reflection differential's scenarios: route-reflector clients announce overlapping
 * prefixes with random attributes from a fixed seed. Some routes already carry ORIGINATOR_ID and
 * CLUSTER_LIST (as if reflected before), which the reflector must keep and prepend to
 * (RFC 4456 §8), and a few carry the reflector's own cluster ID or router ID, which it must drop.
 */
import type { GeneratedRoute } from "./generated-route.js";
import { choose, pick, prng } from "./prng.js";

/** The iBGP AS of the reflectors and their clients. */
export const RR_AS = 65000;
/** Router ID of both reflectors, and so their cluster ID (RFC 4456 §7 default). */
export const RR_ID = "10.255.0.1";

/** One client (an ExaBGP in its own namespace). */
export interface ClientSpec {
  readonly name: string;
  readonly routerId: string;
  /** Whether it announces routes (the last one only listens). */
  readonly announces: boolean;
}

export const CLIENTS: readonly ClientSpec[] = [
  { name: "c1", routerId: "10.0.1.1", announces: true },
  { name: "c2", routerId: "10.0.1.2", announces: true },
  { name: "c3", routerId: "10.0.1.3", announces: true },
  { name: "c4", routerId: "10.0.1.4", announces: false },
];

/** Scenario i's IPv4 prefix: /27s in 198.18.64.0/18. */
export const rrV4Prefix = (i: number): string => `198.18.${64 + (i >> 3)}.${(i & 7) * 32}/27`;
/** Scenario i's IPv6 prefix: /56s in 2001:db8:4000::/40. */
export const rrV6Prefix = (i: number): string =>
  `2001:db8:40${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16)}00::/56`;

const ORIGINS = ["igp", "egp", "incomplete"] as const;

/** A client's addresses on the shared segment. */
export interface ClientAddresses {
  readonly v4: string;
  readonly v6: string;
}

/** Per client (in {@link CLIENTS} order), its routes; each announcing client takes each prefix with p = 0.6. */
export function generateReflectionScenarios(
  seed: number,
  v4: number,
  v6: number,
  addresses: readonly ClientAddresses[],
): GeneratedRoute[][] {
  const rnd = prng(seed);
  const prefixes = [
    ...Array.from({ length: v4 }, (_, i) => rrV4Prefix(i)),
    ...Array.from({ length: v6 }, (_, i) => rrV6Prefix(i)),
  ];
  const out: GeneratedRoute[][] = CLIENTS.map(() => []);
  for (const prefix of prefixes) {
    CLIENTS.forEach((c, k) => {
      if (!c.announces || rnd() < 0.4) return;
      const self = prefix.includes(":") ? addresses[k]?.v6 : addresses[k]?.v4;
      const other = prefix.includes(":")
        ? addresses[(k + 1) % CLIENTS.length]?.v6
        : addresses[(k + 1) % CLIENTS.length]?.v4;
      const reflected = rnd();
      const loop = rnd();
      const asSequence =
        rnd() < 0.2
          ? []
          : [65001 + pick(rnd, 3), ...Array.from({ length: pick(rnd, 3) }, () => 64600 + pick(rnd, 8))];
      out[k]?.push({
        prefix,
        // Sometimes another client's address: a reflector never changes the next hop (RFC 4456 §10).
        nextHop: (rnd() < 0.25 ? other : self) as string,
        origin: choose(rnd, ORIGINS),
        asSequence,
        asSet: asSequence.length > 0 && rnd() < 0.15 ? [64700 + pick(rnd, 4)] : [],
        ...(rnd() < 0.6 ? { med: pick(rnd, 5) } : {}),
        localPref: choose(rnd, [50, 100, 100, 200] as const),
        communities: [...new Set(Array.from({ length: pick(rnd, 3) }, () => `${RR_AS}:${pick(rnd, 6)}`))],
        largeCommunities: rnd() < 0.2 ? [`${RR_AS}:${k}:${pick(rnd, 4)}`] : [],
        // As if it had been reflected before by another cluster; or, rarely, a loop back to us.
        ...(reflected < 0.2 ? { originatorId: `10.0.9.${1 + pick(rnd, 3)}`, clusterList: ["10.9.0.7"] } : {}),
        ...(loop < 0.03 ? { clusterList: ["10.9.0.7", RR_ID] } : loop < 0.06 ? { originatorId: RR_ID } : {}),
      });
    });
  }
  return out;
}
