/**
 * A generated route as a peer announces it, with every attribute the differentials vary, and
 * its ExaBGP API form.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExaBgp, Origin } from "@tsbgp/testkit";

/** One route one peer announces. */
export interface GeneratedRoute {
  /** Prefix in CIDR notation. */
  readonly prefix: string;
  /** NEXT_HOP (the peer itself, or a third party on the shared segment, RFC 4271 §5.1.3). */
  readonly nextHop: string;
  readonly origin: Origin;
  /** The AS_SEQUENCE, as sent (eBGP: the peer's own AS first, RFC 4271 §5.1.2). */
  readonly asSequence: readonly number[];
  /** An AS_SET after the sequence (as an aggregate carries, RFC 4271 §9.2.2.2), or none. */
  readonly asSet: readonly number[];
  readonly med?: number;
  /** LOCAL_PREF: iBGP only (RFC 4271 §5.1.5). */
  readonly localPref?: number;
  /** Standard communities, `"asn:value"`. */
  readonly communities: readonly string[];
  /** Large communities, `"global:local1:local2"`. */
  readonly largeCommunities: readonly string[];
  /** ORIGINATOR_ID as if the peer were a reflector (RFC 4456 §8), iBGP only. */
  readonly originatorId?: string;
  /** CLUSTER_LIST as if the peer were a reflector (RFC 4456 §8), iBGP only. */
  readonly clusterList?: readonly string[];
}

/** The AS_PATH flattened the way the testkit's parsers report it (sets expanded in order). */
export function flatAsPath(r: GeneratedRoute): number[] {
  return [...r.asSequence, ...r.asSet];
}

/** RFC 4271 §9.1.2.2 a: an AS_SET counts as one AS, however many it holds. */
export function asPathLength(r: GeneratedRoute): number {
  return r.asSequence.length + (r.asSet.length > 0 ? 1 : 0);
}

/**
 * `r` in ExaBGP 4's route syntax (config `static` and API share it). The testkit's
 * `Announcement` has no AS_SET, ORIGINATOR_ID or CLUSTER_LIST, so the differentials write
 * ExaBGP's own syntax. A configured `as-path` is sent exactly as written (ExaBGP then adds no
 * AS of its own), so eBGP paths carry the peer's AS first.
 */
export function exabgpRouteText(r: GeneratedRoute): string {
  const parts = [`route ${r.prefix}`, `next-hop ${r.nextHop}`, `origin ${r.origin}`];
  const set = r.asSet.length > 0 ? ` ( ${r.asSet.join(" ")} )` : "";
  parts.push(`as-path [ ${r.asSequence.join(" ")}${set} ]`);
  if (r.med !== undefined) parts.push(`med ${r.med}`);
  if (r.localPref !== undefined) parts.push(`local-preference ${r.localPref}`);
  if (r.communities.length > 0) parts.push(`community [ ${r.communities.join(" ")} ]`);
  if (r.largeCommunities.length > 0) parts.push(`large-community [ ${r.largeCommunities.join(" ")} ]`);
  if (r.originatorId !== undefined) parts.push(`originator-id ${r.originatorId}`);
  if (r.clusterList !== undefined && r.clusterList.length > 0)
    parts.push(`cluster-list [ ${r.clusterList.join(" ")} ]`);
  return parts.join(" ");
}

/**
 * Gives a started ExaBGP static routes per neighbour and restarts it, so it announces them as
 * soon as each session is up. Why not the API: ExaBGP 4.2 takes API commands one per reactor
 * turn (tens per second on a loaded machine), while static routes go out in one burst. The
 * driver writes exabgp.conf once at start and reads it again on `restart()`.
 */
export async function installStaticRoutes(
  daemon: ExaBgp,
  routes: ReadonlyMap<string, readonly GeneratedRoute[]>,
): Promise<void> {
  const file = join(daemon.workdir, "exabgp.conf");
  let conf = await readFile(file, "utf8");
  for (const [neighbor, list] of routes) {
    const head = `neighbor ${neighbor} {\n`;
    if (!conf.includes(head)) throw new Error(`exabgp.conf has no neighbor ${neighbor}`);
    if (list.length === 0) continue;
    const block = ["  static {", ...list.map((r) => `    ${exabgpRouteText(r)};`), "  }", ""].join("\n");
    conf = conf.replace(head, `${head}${block}`);
  }
  await writeFile(file, conf);
  await daemon.restart();
}
