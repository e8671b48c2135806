/**
 * A bird.conf the way calico-node's confd templates generate it (bird.cfg.template, bird_aggr.cfg,
 * bird_ipam.cfg): kernel protocol with learn/persist/merge paths, direct protocol without cali*,
 * a static blackhole per own block, export filter "own blocks and pool prefixes only", a BGP
 * template with graceful restart, and one `Mesh_…` or `Node_…` protocol per peer. Stock BIRD 2
 * lacks Calico's `krt_tunnel` attribute, so the kernel filter just accepts; and BIRD 2 protocols
 * need channels (`ipv4;`), which calico-node's BIRD 1.6 fork does not.
 */

/** Inputs for {@link calicoBirdConfig}. */
export interface CalicoBirdInput {
  readonly asNumber: number;
  readonly nodeAddress: string;
  /** This node's blocks. */
  readonly blocks: readonly string[];
  /** The IP pool all blocks come from. */
  readonly pool: string;
  /** The other nodes. */
  readonly peers: readonly string[];
  /** `mesh`: node-to-node mesh; `reflector`: every peer is a client with this cluster ID. */
  readonly mode: "mesh" | "reflector";
  readonly clusterId?: string;
  /** BGP hold time, s (default BIRD's 240). */
  readonly holdTime?: number;
}

const name = (prefix: string, address: string) => `${prefix}_${address.replace(/[.:]/g, "_")}`;

/** Compare dotted quads numerically (the mesh's lower address connects). */
function lower(a: string, b: string): boolean {
  const n = (x: string) => x.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  return n(a) < n(b);
}

/** The extra configuration (everything but `router id`, `log` and `protocol device`, which the driver writes). */
export function calicoBirdConfig(c: CalicoBirdInput): string {
  const lines = [
    "# bird_aggr.cfg",
    "protocol static {",
    "  ipv4;",
    "  # IP blocks for this host.",
    ...c.blocks.map((b) => `  route ${b} blackhole;`),
    "}",
    "function calico_aggr() {",
    ...c.blocks.flatMap((b) => [
      `  # Block ${b} is confirmed`,
      `  if ( net = ${b} ) then { accept; }`,
      `  if ( net ~ ${b} ) then { reject; }`,
    ]),
    "}",
    "# bird_ipam.cfg",
    "filter calico_export_to_bgp_peers {",
    "  calico_aggr();",
    `  if ( net ~ ${c.pool} ) then { accept; }`,
    "  reject;",
    "}",
    "filter calico_kernel_programming {",
    "  accept;",
    "}",
    "# bird.cfg",
    "protocol kernel {",
    "  learn;             # Learn all alien routes from the kernel",
    "  persist;           # Don't remove routes on bird shutdown",
    "  scan time 2;       # Scan kernel routing table every 2 seconds",
    "  ipv4 {",
    "    import all;",
    "    export filter calico_kernel_programming;",
    "  };",
    "  graceful restart;",
    "  merge paths on;    # Allow export multipath routes (ECMP)",
    "}",
    "protocol direct {",
    "  ipv4;  # BIRD 2 needs the channel (calico-node's BIRD 1 fork has none)",
    '  interface -"cali*", -"kube-ipvs*", "*";',
    "}",
    "template bgp bgp_template {",
    '  description "Connection to BGP peer";',
    `  local as ${c.asNumber};`,
    "  ipv4 {",
    "    gateway recursive;",
    "    import all;",
    "    export filter calico_export_to_bgp_peers;",
    "    add paths on;",
    "  };",
    "  graceful restart;",
    ...(c.holdTime === undefined ? [] : [`  hold time ${c.holdTime};`]),
    "  connect delay time 2;",
    "  connect retry time 5;",
    "  error wait time 5,30;",
    "}",
  ];
  for (const peer of c.peers) {
    if (c.mode === "mesh") {
      lines.push(
        `protocol bgp ${name("Mesh", peer)} from bgp_template {`,
        `  neighbor ${peer} as ${c.asNumber};`,
        `  source address ${c.nodeAddress};`,
        ...(lower(peer, c.nodeAddress)
          ? ["  passive on; # Mesh is unidirectional, peer will connect to us."]
          : []),
        "}",
      );
    } else {
      lines.push(
        `protocol bgp ${name("Node", peer)} from bgp_template {`,
        `  neighbor ${peer} as ${c.asNumber};`,
        `  source address ${c.nodeAddress};`,
        "  rr client;",
        `  rr cluster id ${c.clusterId};`,
        ...(lower(peer, c.nodeAddress) ? ["  passive on;"] : []),
        "}",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
