import { describe, expect, it } from "vitest";
import { type ClusterNode, derivePeers, type NodeRole, parseConfig } from "../../src/index.js";

const node = (i: number, role: NodeRole, v6 = false): ClusterNode => ({
  name: `node-${i}`,
  address: `198.19.1.${i}`,
  ...(v6 ? { addressV6: `2001:db8:101::${i}` } : {}),
  role,
  asNumber: 64512,
  blocks: [],
});

/** Every session of a cluster as `a-b` (from the active side), derived independently per node. */
function sessions(nodes: readonly ClusterNode[]): string[] {
  const out: string[] = [];
  for (const self of nodes) {
    const peers = derivePeers(
      self,
      nodes.filter((n) => n !== self),
    );
    for (const p of peers) if (!p.passive) out.push(`${self.name}->${p.name}`);
  }
  return out.sort();
}

describe("derivePeers", () => {
  it("builds a full mesh where only the lower address connects", () => {
    const nodes = [1, 2, 3, 4].map((i) => node(i, "mesh"));
    expect(sessions(nodes)).toEqual([
      "node-1->node-2",
      "node-1->node-3",
      "node-1->node-4",
      "node-2->node-3",
      "node-2->node-4",
      "node-3->node-4",
    ]);
    // Each pair is seen from both sides, exactly one of which is passive.
    const p12 = derivePeers(nodes[0]!, nodes.slice(1))[0]!;
    const p21 = derivePeers(nodes[1]!, [nodes[0]!])[0]!;
    expect([p12.passive, p21.passive]).toEqual([false, true]);
  });

  it("gives about 2N sessions with two reflectors and excludes them from the mesh", () => {
    const nodes = [node(1, "reflector"), node(2, "reflector"), ...[3, 4, 5, 6].map((i) => node(i, "client"))];
    const all = sessions(nodes);
    expect(all).toHaveLength(1 + 2 * 4);
    expect(all.filter((s) => s.startsWith("node-3") && s.endsWith("node-4"))).toEqual([]);
    const r1 = derivePeers(nodes[0]!, nodes.slice(1));
    expect(r1.filter((p) => p.rrClient).map((p) => p.name)).toEqual(["node-3", "node-4", "node-5", "node-6"]);
    expect(r1.find((p) => p.name === "node-2")).toMatchObject({ rrClient: false, kind: "reflector" });
    const c = derivePeers(
      nodes[2]!,
      nodes.filter((n) => n !== nodes[2]),
    );
    expect(c.map((p) => p.name)).toEqual(["node-1", "node-2"]);
    expect(c.every((p) => !p.rrClient)).toBe(true);
  });

  it("adds IPv6 sessions when both nodes have an IPv6 address", () => {
    const a = node(1, "mesh", true);
    const peers = derivePeers(a, [node(2, "mesh", true), node(3, "mesh")]);
    expect(peers.map((p) => `${p.address} from ${p.localAddress}`)).toEqual([
      "198.19.1.2 from 198.19.1.1",
      "2001:db8:101::2 from 2001:db8:101::1",
      "198.19.1.3 from 198.19.1.1",
    ]);
  });

  it("is what parseConfig derives from the cluster list", () => {
    const c = parseConfig(`
nodeName: node-3
asNumber: 64512
nodeAddress: 198.19.1.3
role: client
cluster:
  - { name: rr-1, address: 198.19.1.1, role: reflector }
  - { name: rr-2, address: 198.19.1.2, role: reflector }
  - { name: node-3, address: 198.19.1.3, role: client }
  - { name: node-4, address: 198.19.1.4, role: client }
`);
    expect(c.peers.map((p) => [p.name, p.passive, p.kind])).toEqual([
      ["rr-1", true, "reflector"],
      ["rr-2", true, "reflector"],
    ]);
  });
});
