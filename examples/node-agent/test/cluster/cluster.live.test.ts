import { Lab } from "@tsbgp/testkit";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildCluster,
  CALI_PREFIX,
  checkReachability,
  type DemoCluster,
  installStaticRoutes,
  routingTable,
} from "../../src/cluster/index.js";

let cluster: DemoCluster | undefined;
afterAll(async () => {
  await cluster?.destroy();
});

describe("demo cluster with static routes", () => {
  it("wires containers like Calico, pings across nodes once routes exist, and cleans up", async () => {
    cluster = await buildCluster({ nodes: 3, containersPerNode: 2 });
    const { lab } = cluster;
    expect(cluster.containers).toHaveLength(6);

    // Calico wiring on node-1: cali<11 hex> host ends, /32 scope link routes, blackholed block.
    const n1 = cluster.nodes[0]!;
    const links = (await n1.host.exec("ip", ["-o", "link", "show"])).stdout;
    for (const c of n1.containers) {
      expect(c.caliName).toMatch(/^cali[0-9a-f]{11}$/);
      expect(links).toContain(`${c.caliName}@`);
    }
    const table = await routingTable(cluster, "node-1");
    expect(table).toContain(`${n1.containers[0]!.v4} dev ${n1.containers[0]!.caliName} scope link`);
    expect(table).toContain(`blackhole ${n1.blockV4}`);
    expect(table).toContain(`blackhole ${n1.blockV6}`);
    const c0 = (await n1.containers[0]!.host.exec("ip", ["route", "show"])).stdout;
    expect(c0).toContain("default via 169.254.1.1 dev eth0 onlink");
    const proxyArp = await n1.host.exec("sysctl", [
      "-n",
      `net.ipv4.conf.${n1.containers[0]!.caliName}.proxy_arp`,
    ]);
    expect(proxyArp.stdout.trim()).toBe("1");

    // Same node works at once (via the cali routes); across nodes nothing answers yet.
    await n1.containers[0]!.host.exec("ping", ["-c", "1", "-W", "1", n1.containers[1]!.v4]);
    const before = await checkReachability(cluster, { attempts: 1 });
    expect(before).toMatchObject({ ok: 0, total: 12 });

    await installStaticRoutes(cluster);
    const after = await checkReachability(cluster);
    expect(after.pairs.filter((p) => !p.ok).map((p) => `${p.from.name}->${p.to.name}/v${p.family}`)).toEqual(
      [],
    );
    expect(after).toMatchObject({ ok: 12, total: 12 });
    // Every pair crosses nodes.
    expect(after.pairs.every((p) => p.from.node !== p.to.node)).toBe(true);

    await cluster.destroy();
    expect(await Lab.listNamespaces(lab.prefix)).toEqual([]);
    const rootLinks = (await import("node:child_process")).execFileSync("ip", ["-o", "link", "show"], {
      encoding: "utf8",
    });
    expect(rootLinks).not.toContain(CALI_PREFIX + n1.containers[0]!.caliName.slice(4));
  }, 120_000);
});
