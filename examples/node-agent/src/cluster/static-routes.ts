/**
 * Hand-made routes between the nodes (what the agents install through BGP): each node reaches
 * every other node's blocks via that node's segment address. Used to prove the cluster wiring
 * without BGP.
 */
import type { DemoCluster } from "./cluster.js";

/** On every node, `ip route add <other block> via <other node>` for every other node. */
export async function installStaticRoutes(cluster: DemoCluster): Promise<void> {
  for (const node of cluster.nodes) {
    for (const other of cluster.nodes) {
      if (other === node) continue;
      await node.host.exec("ip", ["route", "add", other.blockV4, "via", other.address, "proto", "static"]);
      if (cluster.ipv6) {
        await node.host.exec("ip", [
          "-6",
          "route",
          "add",
          other.blockV6,
          "via",
          other.addressV6,
          "proto",
          "static",
        ]);
      }
    }
  }
}

/** `ip route` (and `ip -6 route`) of a node, for display. */
export async function routingTable(cluster: DemoCluster, nodeName: string): Promise<string> {
  const node = cluster.nodes.find((n) => n.name === nodeName);
  if (!node) return "";
  const v4 = (await node.host.exec("ip", ["route", "show"])).stdout;
  const v6 = cluster.ipv6 ? (await node.host.exec("ip", ["-6", "route", "show"])).stdout : "";
  return (v4 + v6)
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("fe80::"))
    .join("\n");
}
