import { familiesOf, familyOf, originOf, restartTimeOf, splitCommunity, timersOf } from "../neighbors.js";
import type { Announcement, DaemonOptions, Family } from "../types.js";

/** Name of the route-map carrying an announcement's attributes (derived from its prefix). */
export function announcementMapName(a: Announcement): string {
  return `ANNOUNCE-${a.prefix.replace(/[^0-9A-Za-z]/g, "-")}`;
}

/** The `set` lines of an announcement's route-map (empty when it sets no attribute). */
export function announcementSets(a: Announcement): string[] {
  const sets: string[] = [];
  if (a.communities?.length)
    sets.push(
      ` set community ${a.communities.map((c) => splitCommunity(c, 2).join(":")).join(" ")} additive`,
    );
  if (a.largeCommunities?.length) {
    sets.push(
      ` set large-community ${a.largeCommunities.map((c) => splitCommunity(c, 3).join(":")).join(" ")} additive`,
    );
  }
  if (a.med !== undefined) sets.push(` set metric ${a.med}`);
  if (a.localPref !== undefined) sets.push(` set local-preference ${a.localPref}`);
  if (a.origin !== undefined) sets.push(` set origin ${originOf(a)}`);
  if (a.asPathPrepend?.length) sets.push(` set as-path prepend ${a.asPathPrepend.join(" ")}`);
  if (a.nextHop !== undefined) {
    sets.push(
      familyOf(a.nextHop) === "ipv4"
        ? ` set ip next-hop ${a.nextHop}`
        : ` set ipv6 next-hop global ${a.nextHop}`,
    );
  }
  return sets;
}

/** vtysh commands (one per `-c`) that originate `a` in the running bgpd. */
export function frrAnnounceCommands(a: Announcement, localAs: number): string[] {
  const sets = announcementSets(a);
  const name = announcementMapName(a);
  const map = sets.length ? [`route-map ${name} permit 10`, ...sets.map((l) => l.trim()), "exit"] : [];
  return [
    "configure terminal",
    ...map,
    `router bgp ${localAs}`,
    `address-family ${familyOf(a.prefix)} unicast`,
    `network ${a.prefix}${sets.length ? ` route-map ${name}` : ""}`,
  ];
}

/** vtysh commands that stop originating `a` and drop its route-map. */
export function frrWithdrawCommands(a: Announcement, localAs: number): string[] {
  return [
    "configure terminal",
    `router bgp ${localAs}`,
    `address-family ${familyOf(a.prefix)} unicast`,
    `no network ${a.prefix}`,
    "exit-address-family",
    "exit",
    ...(announcementSets(a).length ? [`no route-map ${announcementMapName(a)}`] : []),
  ];
}

function addressFamily(family: Family, options: DaemonOptions, maps: Map<Announcement, string>): string[] {
  const lines: string[] = [];
  for (const a of options.announce ?? []) {
    if (familyOf(a.prefix) !== family) continue;
    const map = maps.get(a);
    lines.push(`  network ${a.prefix}${map ? ` route-map ${map}` : ""}`);
  }
  for (const n of options.neighbors) {
    if (!familiesOf(n).includes(family)) continue;
    lines.push(`  neighbor ${n.address} activate`);
    if (n.rrClient) lines.push(`  neighbor ${n.address} route-reflector-client`);
  }
  if (lines.length === 0) return [];
  return [` address-family ${family} unicast`, ...lines, " exit-address-family"];
}

/**
 * Generate bgpd.conf. Announcements are `network` statements (with import-check off, since no
 * IGP holds the prefixes) and a route-map per announcement for its attributes; every neighbour
 * gets a 2 s connect timer so a session comes up quickly whichever side starts first.
 */
export function frrBgpdConfig(options: DaemonOptions, workdir: string, hostname: string): string {
  const maps = new Map<Announcement, string>();
  const routeMaps: string[] = [];
  for (const a of options.announce ?? []) {
    const sets = announcementSets(a);
    if (sets.length === 0) continue;
    maps.set(a, announcementMapName(a));
    routeMaps.push([`route-map ${announcementMapName(a)} permit 10`, ...sets, "!"].join("\n"));
  }
  const router = [
    `router bgp ${options.localAs}`,
    ` bgp router-id ${options.routerId}`,
    " no bgp ebgp-requires-policy",
    " no bgp default ipv4-unicast",
    " no bgp network import-check",
  ];
  if (options.neighbors.some((n) => n.rrClient))
    router.push(` bgp cluster-id ${options.clusterId ?? options.routerId}`);
  const restartTimes = options.neighbors.map(restartTimeOf).filter((t) => t !== undefined);
  if (restartTimes.length) router.push(` bgp graceful-restart restart-time ${Math.max(...restartTimes)}`);
  for (const n of options.neighbors) {
    const { hold, keepalive } = timersOf(n);
    router.push(` neighbor ${n.address} remote-as ${n.remoteAs}`);
    router.push(
      ` neighbor ${n.address} timers ${keepalive} ${hold}`,
      ` neighbor ${n.address} timers connect 2`,
    );
    if (n.port !== undefined) router.push(` neighbor ${n.address} port ${n.port}`);
    if (n.passive) router.push(` neighbor ${n.address} passive`);
    if (n.localAddress !== undefined) router.push(` neighbor ${n.address} update-source ${n.localAddress}`);
    if (restartTimeOf(n) !== undefined) router.push(` neighbor ${n.address} graceful-restart`);
    // A channel of the other family than the session address needs RFC 8950 next hops.
    if (familiesOf(n).some((f) => f !== familyOf(n.address)))
      router.push(` neighbor ${n.address} capability extended-nexthop`);
  }
  router.push(...addressFamily("ipv4", options, maps), ...addressFamily("ipv6", options, maps), "!");
  const lines = [
    "! generated by @tsbgp/testkit",
    "frr defaults traditional",
    `hostname ${hostname}`,
    `log file ${workdir}/bgpd.log informational`,
    "!",
    ...routeMaps,
    ...router,
  ];
  if (options.extraConfig) lines.push(options.extraConfig);
  return `${lines.join("\n")}\n`;
}

/** zebra.conf: zebra is only there for next-hop tracking (bgpd runs with -n, no FIB). */
export function frrZebraConfig(workdir: string, hostname: string): string {
  return [
    "! generated by @tsbgp/testkit",
    `hostname ${hostname}-zebra`,
    `log file ${workdir}/zebra.log warnings`,
    "!",
    "",
  ].join("\n");
}
