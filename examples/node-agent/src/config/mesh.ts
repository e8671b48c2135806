/**
 * Derive this node's BGP peers from the cluster node list, the way Calico does:
 * - mesh nodes peer with every other mesh node (the node-to-node mesh) and with the reflectors;
 * - reflectors are excluded from the mesh: they peer with everyone, and treat clients as RFC 4456
 *   clients (other reflectors and mesh nodes are ordinary non-client iBGP peers);
 * - clients peer only with the reflectors.
 * Of each pair only one side connects, the one with the lower address; the other is passive. Both
 * sides derive the same answer, so connection collisions (RFC 4271 §6.8) never happen.
 */
import { ipBytes } from "./ip.js";
import { type AgentPeer, type ClusterNode, NodeRole } from "./types.js";

/** What {@link derivePeers} needs to know about this node. */
export interface SelfNode {
  readonly address: string;
  readonly addressV6?: string;
  readonly role: NodeRole;
}

/** True if `self` and `other` have a BGP session between them. */
export function shouldPeer(self: NodeRole, other: NodeRole): boolean {
  if (self === NodeRole.REFLECTOR || other === NodeRole.REFLECTOR) return true;
  return self === NodeRole.MESH && other === NodeRole.MESH;
}

/** Byte-wise comparison of two addresses of the same family: negative if `a` sorts first. */
export function compareAddresses(a: string, b: string): number {
  const x = ipBytes(a)!;
  const y = ipBytes(b)!;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return 0;
}

/** The peers of `self` among `cluster` (which must not contain `self`), IPv4 then IPv6 sessions. */
export function derivePeers(self: SelfNode, cluster: readonly ClusterNode[]): AgentPeer[] {
  const peers: AgentPeer[] = [];
  for (const node of cluster) {
    if (!shouldPeer(self.role, node.role)) continue;
    const common = {
      name: node.name,
      asNumber: node.asNumber,
      rrClient: self.role === NodeRole.REFLECTOR && node.role === NodeRole.CLIENT,
      kind: node.role,
    } as const;
    peers.push({
      ...common,
      address: node.address,
      localAddress: self.address,
      passive: compareAddresses(self.address, node.address) > 0,
    });
    if (self.addressV6 !== undefined && node.addressV6 !== undefined) {
      peers.push({
        ...common,
        address: node.addressV6,
        localAddress: self.addressV6,
        passive: compareAddresses(self.addressV6, node.addressV6) > 0,
      });
    }
  }
  return peers;
}
