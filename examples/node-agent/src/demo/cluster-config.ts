/**
 * Agent config files for a demo cluster: the same node list for every node, each with its own
 * identity. `mesh` makes every node a mesh node; `rr` makes the first two nodes reflectors with
 * one cluster ID and the rest their clients.
 */
import { stringify } from "yaml";

/** One node of the cluster as the config generator needs it. */
export interface DemoNodeSpec {
  readonly name: string;
  readonly address: string;
  readonly addressV6?: string;
  readonly blocks: readonly string[];
}

/** Cluster topology. */
export type DemoMode = "mesh" | "rr";

/** Options for {@link clusterConfigs}. */
export interface ClusterConfigOptions {
  readonly mode: DemoMode;
  /** BGP port every node listens on and connects to (default 179). */
  readonly port?: number;
  /** AS of the cluster (default 64512, Calico's). */
  readonly asNumber?: number;
  /** Hold time, s (default 9: the demo and tests want fast failure detection). */
  readonly holdTime?: number;
  /** Graceful-restart time, s (default 120). */
  readonly restartTime?: number;
  /** Serve metrics and status on this port in each node (default off). */
  readonly metricsPort?: number;
  /** Metrics address (default 127.0.0.1, which is per namespace). */
  readonly metricsAddress?: string;
  /** In `rr` mode, how many of the first nodes are reflectors (default 2). */
  readonly reflectors?: number;
  /** Only these nodes (by index) get a config; the others are run by something else (BIRD). */
  readonly only?: readonly number[];
}

/** RFC 4456 cluster ID the two demo reflectors share. */
export const DEMO_CLUSTER_ID = "244.0.0.1";

/** The role of node `i` (0-based) in `mode`. */
export function demoRole(mode: DemoMode, i: number, reflectors = 2): "mesh" | "reflector" | "client" {
  if (mode === "mesh") return "mesh";
  return i < reflectors ? "reflector" : "client";
}

/** One YAML config text per node, in node order. */
export function clusterConfigs(nodes: readonly DemoNodeSpec[], options: ClusterConfigOptions): string[] {
  const asNumber = options.asNumber ?? 64512;
  const holdTime = options.holdTime ?? 9;
  const cluster = nodes.map((n, i) => ({
    name: n.name,
    address: n.address,
    ...(n.addressV6 === undefined ? {} : { addressV6: n.addressV6 }),
    role: demoRole(options.mode, i, options.reflectors),
    blocks: [...n.blocks],
  }));
  return nodes.map((n, i) => {
    const role = demoRole(options.mode, i, options.reflectors);
    const doc = {
      nodeName: n.name,
      asNumber,
      nodeAddress: n.address,
      ...(n.addressV6 === undefined ? {} : { nodeAddressV6: n.addressV6 }),
      role,
      ...(role === "reflector" ? { clusterId: DEMO_CLUSTER_ID } : {}),
      blocks: [...n.blocks],
      cluster,
      timers: {
        holdTime,
        keepaliveTime: Math.max(1, Math.floor(holdTime / 3)),
        connectRetryTime: 1,
        restartTime: options.restartTime ?? 120,
      },
      listen: { port: options.port ?? 179 },
      ...(options.metricsPort === undefined
        ? {}
        : { metrics: { address: options.metricsAddress ?? "127.0.0.1", port: options.metricsPort } }),
    };
    return stringify(doc);
  });
}
