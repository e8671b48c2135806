/**
 * The demo cluster: N node namespaces on one shared L2 segment (a testkit Lab), each with a few
 * Calico-style containers and its container blocks. Everything lives in the Lab, whose teardown
 * also runs on exit, SIGINT and SIGTERM.
 */
import { type Host, Lab, type Segment } from "@tsbgp/testkit";
import { NodeAgentError, NodeAgentErrorCode } from "../errors.js";
import {
  CONTAINER_GATEWAY_V4,
  containerV4,
  containerV6,
  MAX_NODES,
  nodeBlockV4,
  nodeBlockV6,
} from "./addressing.js";
import { addContainer, type Container } from "./container.js";

/** Options for {@link buildCluster}. */
export interface ClusterOptions {
  /** Number of nodes (default 4). */
  readonly nodes?: number;
  /** Containers per node (default 2). */
  readonly containersPerNode?: number;
  /** Give containers IPv6 addresses too (default true). */
  readonly ipv6?: boolean;
  /**
   * Install the blackhole route for each node's own blocks (default true). Turn off when an
   * agent installs it.
   */
  readonly blackholes?: boolean;
  /** Progress callback (one line per step). */
  readonly onProgress?: (line: string) => void;
}

/** A node of the demo cluster. */
export interface ClusterNodeInfo {
  /** Node name, `node-1` … */
  readonly name: string;
  /** 1-based index. */
  readonly index: number;
  /** The node's namespace. */
  readonly host: Host;
  /** IPv4 address on the shared segment. */
  readonly address: string;
  /** IPv6 address on the shared segment. */
  readonly addressV6: string;
  /** Interface on the segment. */
  readonly ifname: string;
  /** IPv4 container block. */
  readonly blockV4: string;
  /** IPv6 container block. */
  readonly blockV6: string;
  /** Containers on this node. */
  readonly containers: readonly Container[];
}

/** A built cluster; {@link DemoCluster.destroy} removes every namespace, veth and process. */
export interface DemoCluster {
  readonly lab: Lab;
  readonly segment: Segment;
  readonly nodes: readonly ClusterNodeInfo[];
  /** Whether containers have IPv6 addresses. */
  readonly ipv6: boolean;
  /** All containers, node by node. */
  readonly containers: readonly Container[];
  destroy(): Promise<void>;
}

/**
 * Build the cluster. On failure everything created so far is removed before the error is thrown.
 *
 * @throws NodeAgentError `UNAVAILABLE` without root, `CLUSTER_FAILED` if a step fails.
 */
export async function buildCluster(options: ClusterOptions = {}): Promise<DemoCluster> {
  const count = options.nodes ?? 4;
  const perNode = options.containersPerNode ?? 2;
  const ipv6 = options.ipv6 ?? true;
  const progress = options.onProgress ?? (() => {});
  if (!Number.isInteger(count) || count < 2 || count > MAX_NODES) {
    throw new NodeAgentError(
      NodeAgentErrorCode.CLUSTER_FAILED,
      `nodes must be 2..${MAX_NODES}, got ${count}`,
    );
  }
  if (!Number.isInteger(perNode) || perNode < 1 || perNode > 60) {
    throw new NodeAgentError(
      NodeAgentErrorCode.CLUSTER_FAILED,
      `containersPerNode must be 1..60, got ${perNode}`,
    );
  }
  const reason = await Lab.available();
  if (reason !== undefined) throw new NodeAgentError(NodeAgentErrorCode.UNAVAILABLE, reason);
  const lab = await Lab.create({ graceMs: 2_000 });
  try {
    const hosts: Host[] = [];
    for (let i = 1; i <= count; i++) hosts.push(await lab.host(`node-${i}`, { forwarding: true }));
    const segment = await lab.segment(hosts);
    progress(`cluster: ${count} nodes on segment ${segment.members[0]?.v4Cidr ?? "?"}`);
    const nodes: ClusterNodeInfo[] = [];
    for (const [k, host] of hosts.entries()) {
      const index = k + 1;
      const end = segment.endpoint(host);
      // Proxy ARP only answers for addresses the node has a unicast route to, through another
      // interface. Real Calico hosts have a default route that covers 169.254.1.1; our nodes have
      // no uplink, so the gateway address gets a route of its own.
      await host.exec("ip", ["route", "add", `${CONTAINER_GATEWAY_V4}/32`, "dev", "lo"]);
      const containers: Container[] = [];
      for (let c = 0; c < perNode; c++) {
        containers.push(
          await addContainer(lab, host, {
            name: `n${index}-c${c}`,
            v4: containerV4(index, c),
            ...(ipv6 ? { v6: containerV6(index, c) } : {}),
          }),
        );
      }
      const node: ClusterNodeInfo = {
        name: host.name,
        index,
        host,
        address: end.v4!,
        addressV6: end.v6!,
        ifname: end.ifname,
        blockV4: nodeBlockV4(index),
        blockV6: nodeBlockV6(index),
        containers,
      };
      if (options.blackholes ?? true) {
        // Calico: the node owns the whole block; addresses without a container go nowhere.
        await host.exec("ip", ["route", "add", "blackhole", node.blockV4]);
        if (ipv6) await host.exec("ip", ["-6", "route", "add", "blackhole", node.blockV6]);
      }
      nodes.push(node);
      progress(`cluster: ${node.name} ${node.address} block ${node.blockV4} with ${perNode} containers`);
    }
    return {
      lab,
      segment,
      nodes,
      ipv6,
      containers: nodes.flatMap((n) => n.containers),
      destroy: () => lab.destroy(),
    };
  } catch (error) {
    await lab.destroy();
    throw new NodeAgentError(
      NodeAgentErrorCode.CLUSTER_FAILED,
      `building the cluster failed: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
}
