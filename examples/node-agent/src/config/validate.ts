/**
 * Turn the parsed YAML document into a validated {@link AgentConfig}. The first problem found
 * throws one {@link NodeAgentError} naming the field and the value.
 */
import { configError } from "../errors.js";
import {
  asObject,
  at,
  block,
  bool,
  dottedQuad,
  type Fields,
  int,
  ip,
  list,
  noUnknownKeys,
  oneOf,
  str,
} from "./fields.js";
import { blocksOverlap, type IpBlock } from "./ip.js";
import { derivePeers } from "./mesh.js";
import type { AgentConfig, AgentPeer, AgentTimers, ClusterNode, Endpoint, KernelConfig } from "./types.js";
import { NodeRole } from "./types.js";

const TOP_KEYS = [
  "nodeName",
  "routerId",
  "asNumber",
  "nodeAddress",
  "nodeAddressV6",
  "role",
  "clusterId",
  "blocks",
  "cluster",
  "peers",
  "timers",
  "gracefulRestart",
  "kernel",
  "listen",
  "metrics",
] as const;

const ROLES = Object.values(NodeRole);
/** RFC 6793: 4-octet AS numbers; 0 is reserved (RFC 7607). */
const MAX_AS = 0xffffffff;
/** rtnetlink protocols 0..4 are the kernel's own (unspec, redirect, kernel, boot, static). */
const MIN_KERNEL_PROTOCOL = 5;

/** Validate a parsed config document (any JSON/YAML value). */
export function validateConfig(doc: unknown): AgentConfig {
  const top = asObject(doc, "");
  noUnknownKeys(top, "", TOP_KEYS);
  const nodeName = str(top.nodeName, "nodeName");
  const asNumber = int(top.asNumber, "asNumber", 1, MAX_AS);
  const nodeAddress = ip(top.nodeAddress, "nodeAddress", 4);
  const nodeAddressV6 =
    top.nodeAddressV6 === undefined ? undefined : ip(top.nodeAddressV6, "nodeAddressV6", 6);
  const routerId = top.routerId === undefined ? nodeAddress : dottedQuad(top.routerId, "routerId");
  const role = top.role === undefined ? NodeRole.MESH : oneOf(top.role, "role", ROLES);
  let clusterId: string | undefined;
  if (role === NodeRole.REFLECTOR) {
    if (top.clusterId === undefined) {
      throw configError("clusterId", undefined, "required when role is reflector (RFC 4456 §7)");
    }
    clusterId = dottedQuad(top.clusterId, "clusterId");
  } else if (top.clusterId !== undefined) {
    throw configError("clusterId", top.clusterId, `only a reflector has a cluster ID (role is ${role})`);
  }
  const blocks = list(top.blocks, "blocks", block);
  checkNoOverlap([{ path: "blocks", blocks }]);

  const cluster = readCluster(top.cluster, { nodeName, nodeAddress, asNumber });
  checkNoOverlap([
    { path: "blocks", blocks },
    ...cluster.map((n, i) => ({ path: at(at("cluster", n.index), "blocks"), blocks: n.node.blocks, i })),
  ]);
  const clusterNodes = cluster.map((c) => c.node);
  const derived = derivePeers(
    { address: nodeAddress, role, ...(nodeAddressV6 === undefined ? {} : { addressV6: nodeAddressV6 }) },
    clusterNodes,
  );
  const explicit = list(top.peers, "peers", (v, p) =>
    readPeer(v, p, { asNumber, nodeAddress, nodeAddressV6 }),
  );
  const peers: AgentPeer[] = [...derived];
  explicit.forEach((peer, i) => {
    if (peers.some((q) => q.address === peer.address)) {
      throw configError(
        at(at("peers", i), "address"),
        peer.address,
        "duplicate peer (already a peer from cluster)",
      );
    }
    peers.push(peer);
  });

  const timers = readTimers(top.timers);
  const config: AgentConfig = {
    nodeName,
    routerId,
    asNumber,
    nodeAddress,
    ...(nodeAddressV6 === undefined ? {} : { nodeAddressV6 }),
    role,
    ...(clusterId === undefined ? {} : { clusterId }),
    blocks,
    cluster: clusterNodes,
    peers,
    timers,
    gracefulRestart: top.gracefulRestart === undefined ? true : bool(top.gracefulRestart, "gracefulRestart"),
    kernel: readKernel(top.kernel),
    listen: readEndpoint(top.listen, "listen", nodeAddressV6 === undefined ? "0.0.0.0" : "::", 179),
  };
  if (top.metrics === undefined || top.metrics === false) return config;
  return { ...config, metrics: readEndpoint(top.metrics, "metrics", "127.0.0.1", 9091) };
}

interface IndexedNode {
  readonly index: number;
  readonly node: ClusterNode;
}

function readCluster(
  value: unknown,
  self: { nodeName: string; nodeAddress: string; asNumber: number },
): IndexedNode[] {
  const out: IndexedNode[] = [];
  const seenNames = new Map<string, number>();
  const seenAddresses = new Map<string, number>();
  list(value, "cluster", (v) => v).forEach((raw, index) => {
    const path = at("cluster", index);
    const o = asObject(raw, path);
    noUnknownKeys(o, path, ["name", "address", "addressV6", "role", "asNumber", "blocks"]);
    const name = str(o.name, at(path, "name"));
    const address = ip(o.address, at(path, "address"), 4);
    for (const [key, seen, field] of [
      [name, seenNames, "name"],
      [address, seenAddresses, "address"],
    ] as const) {
      const first = seen.get(key);
      if (first !== undefined) {
        throw configError(at(path, field), key, `duplicate: cluster[${first}] has the same ${field}`);
      }
      seen.set(key, index);
    }
    const isSelf = name === self.nodeName || address === self.nodeAddress;
    if (isSelf && (name !== self.nodeName || address !== self.nodeAddress)) {
      // One of name/address says "this is me", the other disagrees: a copy-paste error.
      throw configError(
        at(path, name === self.nodeName ? "address" : "name"),
        name === self.nodeName ? address : name,
        `conflicts with this node (nodeName ${self.nodeName}, nodeAddress ${self.nodeAddress})`,
      );
    }
    if (isSelf) return; // the list may include this node; it is not its own peer
    const addressV6 = o.addressV6 === undefined ? undefined : ip(o.addressV6, at(path, "addressV6"), 6);
    out.push({
      index,
      node: {
        name,
        address,
        ...(addressV6 === undefined ? {} : { addressV6 }),
        role: o.role === undefined ? NodeRole.MESH : oneOf(o.role, at(path, "role"), ROLES),
        asNumber: o.asNumber === undefined ? self.asNumber : int(o.asNumber, at(path, "asNumber"), 1, MAX_AS),
        blocks: list(o.blocks, at(path, "blocks"), block),
      },
    });
  });
  return out;
}

function readPeer(
  raw: unknown,
  path: string,
  self: { asNumber: number; nodeAddress: string; nodeAddressV6: string | undefined },
): AgentPeer {
  const o = asObject(raw, path);
  noUnknownKeys(o, path, ["name", "address", "asNumber", "passive", "rrClient"]);
  const address = ip(o.address, at(path, "address"));
  const v6 = address.includes(":");
  if (v6 && self.nodeAddressV6 === undefined) {
    throw configError(at(path, "address"), address, "an IPv6 peer needs nodeAddressV6");
  }
  return {
    name: o.name === undefined ? address : str(o.name, at(path, "name")),
    address,
    localAddress: v6 ? self.nodeAddressV6! : self.nodeAddress,
    asNumber: o.asNumber === undefined ? self.asNumber : int(o.asNumber, at(path, "asNumber"), 1, MAX_AS),
    passive: o.passive === undefined ? false : bool(o.passive, at(path, "passive")),
    rrClient: o.rrClient === undefined ? false : bool(o.rrClient, at(path, "rrClient")),
    kind: "explicit",
  };
}

function readTimers(value: unknown): AgentTimers {
  const o: Fields = value === undefined ? {} : asObject(value, "timers");
  noUnknownKeys(o, "timers", ["holdTime", "keepaliveTime", "connectRetryTime", "restartTime"]);
  // RFC 4271 §4.2: the hold time is zero or at least three seconds.
  const holdTime = o.holdTime === undefined ? 30 : int(o.holdTime, "timers.holdTime", 0, 65535);
  if (holdTime > 0 && holdTime < 3)
    throw configError("timers.holdTime", holdTime, "must be 0 or at least 3 (RFC 4271 §4.2)");
  const keepaliveTime =
    o.keepaliveTime === undefined
      ? Math.floor(holdTime / 3)
      : int(o.keepaliveTime, "timers.keepaliveTime", 0, 21845);
  if (holdTime > 0 && keepaliveTime >= holdTime) {
    throw configError(
      "timers.keepaliveTime",
      keepaliveTime,
      `must be less than timers.holdTime (${holdTime})`,
    );
  }
  return {
    holdTime,
    keepaliveTime,
    connectRetryTime:
      o.connectRetryTime === undefined ? 5 : int(o.connectRetryTime, "timers.connectRetryTime", 1, 65535),
    // RFC 4724 §3: Restart Time is a 12-bit field.
    restartTime: o.restartTime === undefined ? 120 : int(o.restartTime, "timers.restartTime", 1, 4095),
  };
}

function readKernel(value: unknown): KernelConfig {
  const o: Fields = value === undefined ? {} : asObject(value, "kernel");
  noUnknownKeys(o, "kernel", ["protocol", "table"]);
  return {
    protocol: o.protocol === undefined ? 80 : int(o.protocol, "kernel.protocol", MIN_KERNEL_PROTOCOL, 255),
    table: o.table === undefined ? 254 : int(o.table, "kernel.table", 1, 0xffffffff),
  };
}

function readEndpoint(value: unknown, path: string, address: string, port: number): Endpoint {
  const o: Fields = value === true || value === undefined ? {} : asObject(value, path);
  noUnknownKeys(o, path, ["address", "port"]);
  return {
    address: o.address === undefined ? address : ip(o.address, at(path, "address")),
    port: o.port === undefined ? port : int(o.port, at(path, "port"), 0, 65535),
  };
}

/** No block may overlap another, within one node or across nodes (each block has one owner). */
function checkNoOverlap(owners: readonly { path: string; blocks: readonly IpBlock[] }[]): void {
  const all = owners.flatMap((o) => o.blocks.map((b, i) => ({ path: at(o.path, i), block: b })));
  for (let i = 0; i < all.length; i++) {
    for (let j = 0; j < i; j++) {
      if (blocksOverlap(all[i]!.block, all[j]!.block)) {
        throw configError(
          all[i]!.path,
          all[i]!.block.text,
          `overlaps ${all[j]!.path} (${all[j]!.block.text})`,
        );
      }
    }
  }
}
