/**
 * The reachability check: ping every container from a container on another node (the next node
 * round the ring) and count the pairs that answered.
 */
import type { Container } from "./container.js";
import type { DemoCluster } from "./cluster.js";

/** One pair that was tried. */
export interface PingPair {
  readonly from: Container;
  readonly to: Container;
  readonly family: 4 | 6;
  readonly ok: boolean;
}

/** Result of {@link checkReachability}. */
export interface Reachability {
  /** Pairs that answered. */
  readonly ok: number;
  /** Pairs tried. */
  readonly total: number;
  /** Every pair with its outcome. */
  readonly pairs: readonly PingPair[];
}

/** Options for {@link checkReachability}. */
export interface ReachabilityOptions {
  /** Also ping the IPv6 addresses (default: when the cluster has them). */
  readonly ipv6?: boolean;
  /** Echo requests per pair before it counts as failed (default 3, one second apart at most). */
  readonly attempts?: number;
}

/** Ping every container (IPv4, and IPv6 if enabled) from a container on the next node. */
export async function checkReachability(
  cluster: DemoCluster,
  options: ReachabilityOptions = {},
): Promise<Reachability> {
  const ipv6 = options.ipv6 ?? cluster.ipv6;
  const attempts = options.attempts ?? 3;
  const n = cluster.nodes.length;
  const jobs: Promise<PingPair>[] = [];
  for (const node of cluster.nodes) {
    const source = cluster.nodes[node.index % n]!; // the next node round the ring: never the same node
    node.containers.forEach((to, c) => {
      const from = source.containers[c % source.containers.length]!;
      jobs.push(ping(from, to, 4, attempts));
      if (ipv6 && to.v6 !== undefined) jobs.push(ping(from, to, 6, attempts));
    });
  }
  const pairs = await Promise.all(jobs);
  return { ok: pairs.filter((p) => p.ok).length, total: pairs.length, pairs };
}

/** Ping `to` from inside `from`: up to `attempts` echo requests, success on the first reply. */
async function ping(from: Container, to: Container, family: 4 | 6, attempts: number): Promise<PingPair> {
  const target = family === 4 ? to.v4 : to.v6!;
  for (let i = 0; i < attempts; i++) {
    try {
      await from.host.exec("ping", [`-${family}`, "-n", "-q", "-c", "1", "-W", "1", target], {
        timeoutMs: 5_000,
      });
      return { from, to, family, ok: true };
    } catch {
      // no reply this time; try again
    }
  }
  return { from, to, family, ok: false };
}

/** `X/Y` text of a result. */
export function formatReachability(r: Reachability): string {
  return `${r.ok}/${r.total}`;
}
