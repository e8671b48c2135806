/** The validated, typed node-agent configuration (what the YAML file becomes). */
import type { IpBlock } from "./ip.js";

/** The three roles of a node, as in Calico. */
export const NodeRole = {
  /** Full-mesh node: peers with every other mesh node and with the reflectors. */
  MESH: "mesh",
  /** Route reflector (RFC 4456): peers with everyone, reflects client routes. */
  REFLECTOR: "reflector",
  /** Reflector client: peers only with the reflectors. */
  CLIENT: "client",
} as const;

/** One of {@link NodeRole}'s values. */
export type NodeRole = (typeof NodeRole)[keyof typeof NodeRole];

/** A node of the cluster, as listed in the config's `cluster`. */
export interface ClusterNode {
  /** Node name (unique in the cluster). */
  readonly name: string;
  /** IPv4 address the node peers from. */
  readonly address: string;
  /** IPv6 address the node peers from, if it runs IPv6 sessions. */
  readonly addressV6?: string;
  /** The node's role. */
  readonly role: NodeRole;
  /** The node's AS (iBGP: normally everyone's is the same). */
  readonly asNumber: number;
  /** Container blocks the node owns (used to report blocks announced by the wrong node). */
  readonly blocks: readonly IpBlock[];
}

/** One BGP peer of this node, explicit or derived from the cluster list. */
export interface AgentPeer {
  /** Peer's name (the cluster node name, or the address). */
  readonly name: string;
  /** Peer's address (IPv4 or IPv6); the session's family follows it. */
  readonly address: string;
  /** Our address used for this session (connect from and next hop self). */
  readonly localAddress: string;
  /** Peer's AS. */
  readonly asNumber: number;
  /** Only accept: the peer connects to us (the higher address of a mesh pair is passive). */
  readonly passive: boolean;
  /** We reflect to this peer as a route-reflector client (RFC 4456 §6). */
  readonly rrClient: boolean;
  /** How the peer was found: `mesh` (node-to-node), `reflector`, `client` or `explicit`. */
  readonly kind: "mesh" | "reflector" | "client" | "explicit";
}

/** BGP timers, seconds. */
export interface AgentTimers {
  /** Proposed hold time (0 or ≥ 3). */
  readonly holdTime: number;
  /** Keepalive interval. */
  readonly keepaliveTime: number;
  /** Seconds between connection attempts. */
  readonly connectRetryTime: number;
  /** Restart time advertised in the Graceful Restart capability (RFC 4724 §3). */
  readonly restartTime: number;
}

/** Where the agent programs kernel routes. */
export interface KernelConfig {
  /** rtnetlink protocol number stamped on our routes (BIRD uses 12; default 80 to stay apart). */
  readonly protocol: number;
  /** Routing table (default 254, main). */
  readonly table: number;
}

/** A TCP listen address. */
export interface Endpoint {
  /** Address to bind. */
  readonly address: string;
  /** Port. */
  readonly port: number;
}

/** The whole validated agent configuration. */
export interface AgentConfig {
  /** This node's name. */
  readonly nodeName: string;
  /** BGP identifier, dotted quad. */
  readonly routerId: string;
  /** Our AS. */
  readonly asNumber: number;
  /** IPv4 address this node peers from. */
  readonly nodeAddress: string;
  /** IPv6 address this node peers from, if any. */
  readonly nodeAddressV6?: string;
  /** This node's role. */
  readonly role: NodeRole;
  /** RFC 4456 cluster ID (dotted quad), reflectors only. */
  readonly clusterId?: string;
  /** Container blocks this node owns and announces. */
  readonly blocks: readonly IpBlock[];
  /** Every other node of the cluster (this node excluded). */
  readonly cluster: readonly ClusterNode[];
  /** Final peer list: derived from the cluster plus explicit peers. */
  readonly peers: readonly AgentPeer[];
  /** BGP timers. */
  readonly timers: AgentTimers;
  /** Whether we advertise and honour graceful restart (RFC 4724). */
  readonly gracefulRestart: boolean;
  /** Kernel route programming. */
  readonly kernel: KernelConfig;
  /** BGP listener. */
  readonly listen: Endpoint;
  /** Prometheus metrics and `/status` HTTP endpoint, if enabled. */
  readonly metrics?: Endpoint;
}
