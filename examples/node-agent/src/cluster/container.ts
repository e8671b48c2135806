/**
 * One container the way Calico wires it (its CNI plugin):
 * - a namespace and a veth pair; the host end is `cali<hash>` in the node, the container end is
 *   `eth0` with a /32 (and /128) address;
 * - in the container, a default route via 169.254.1.1 `onlink` — nothing owns that address, the
 *   host end answers ARP for everything (proxy ARP) so packets reach the node;
 * - for IPv6, the default route goes to the fixed link-local address of the `cali` MAC
 *   ee:ee:ee:ee:ee:ee;
 * - on the node, a `/32 dev cali… scope link` route (and `/128`) towards the container.
 */
import type { Host, Lab } from "@tsbgp/testkit";
import { CALI_MAC, CONTAINER_GATEWAY_V4, CONTAINER_GATEWAY_V6 } from "./addressing.js";
import { caliName } from "./cali-name.js";

/** A container in the demo cluster. */
export interface Container {
  /** Workload name, e.g. `n1-c0`. */
  readonly name: string;
  /** The container's namespace. */
  readonly host: Host;
  /** The node it runs on. */
  readonly node: Host;
  /** Host-side interface in the node, `cali<hash>`. */
  readonly caliName: string;
  /** IPv4 address (a /32 on eth0). */
  readonly v4: string;
  /** IPv6 address (a /128 on eth0), if the cluster runs IPv6. */
  readonly v6?: string;
}

/** What {@link addContainer} needs. */
export interface ContainerSpec {
  readonly name: string;
  readonly v4: string;
  readonly v6?: string;
}

/** Create a container namespace on `node` and wire it like Calico. */
export async function addContainer(lab: Lab, node: Host, spec: ContainerSpec): Promise<Container> {
  const host = await lab.host(spec.name);
  const cali = caliName(`${node.name}/${spec.name}`);
  await lab.link(node, host, { names: [cali, "eth0"], v4: false, v6: false });
  const n = (args: string[]) => node.exec("ip", args);
  const c = (args: string[]) => host.exec("ip", args);

  // Host side: Calico's fixed MAC; proxy ARP answers for 169.254.1.1 (and everything else).
  await n(["link", "set", cali, "down"]);
  await n(["link", "set", cali, "address", CALI_MAC]);
  await n(["link", "set", cali, "up"]);
  await node.exec("sysctl", [
    "-qw",
    `net.ipv4.conf.${cali}.proxy_arp=1`,
    `net.ipv4.neigh.${cali}.proxy_delay=0`,
    `net.ipv4.conf.${cali}.forwarding=1`,
  ]);
  await n(["route", "add", `${spec.v4}/32`, "dev", cali, "scope", "link"]);

  await c(["addr", "add", `${spec.v4}/32`, "dev", "eth0"]);
  await c(["route", "add", "default", "via", CONTAINER_GATEWAY_V4, "dev", "eth0", "onlink"]);
  if (spec.v6 !== undefined) {
    await c(["-6", "addr", "add", `${spec.v6}/128`, "dev", "eth0", "nodad"]);
    await c(["-6", "route", "add", "default", "via", CONTAINER_GATEWAY_V6, "dev", "eth0"]);
    await n(["-6", "route", "add", `${spec.v6}/128`, "dev", cali]);
  }
  return {
    name: spec.name,
    host,
    node,
    caliName: cali,
    v4: spec.v4,
    ...(spec.v6 === undefined ? {} : { v6: spec.v6 }),
  };
}
