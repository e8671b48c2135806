/**
 * `npm run demo`: a Calico-style cluster on this machine, first as a full mesh, then with two
 * route reflectors; pings every container from another node in both modes and ends with
 * `demo: mesh reachability X/Y, rr reachability X/Y`. Exit code 1 if any pair failed.
 *
 * As root it builds network namespaces and runs one agent process per node against the kernel.
 * Without root it runs the same agents in this process on loopback TCP with in-memory route
 * tables, and says so.
 */
import { pathToFileURL } from "node:url";
import { Lab } from "@tsbgp/testkit";
import { buildCluster, type DemoCluster } from "../cluster/cluster.js";
import { formatReachability } from "../cluster/reachability.js";
import { routingTable } from "../cluster/static-routes.js";
import type { DemoMode } from "./cluster-config.js";
import { routeReachability, startInProcessCluster } from "./in-process.js";
import { kernelConverged, reachability, sessionCount, startAgents, stopAgents, until } from "./netns-run.js";

/** Options for {@link runDemo}. */
export interface DemoOptions {
  /** Nodes (default 4). */
  readonly nodes?: number;
  /** Where progress goes (default stdout). */
  readonly print?: (line: string) => void;
}

/** Result of one phase. */
interface Phase {
  readonly ok: number;
  readonly total: number;
}

/** Run the demo; resolves with the process exit code. */
export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const nodes = options.nodes ?? 4;
  const why = await Lab.available();
  let mesh: Phase;
  let rr: Phase;
  if (why === undefined) {
    const cluster = await buildCluster({ nodes, containersPerNode: 2, blackholes: false, onProgress: print });
    try {
      mesh = await netnsPhase(cluster, "mesh", print);
      rr = await netnsPhase(cluster, "rr", print);
    } finally {
      print("demo: removing namespaces");
      await cluster.destroy();
    }
  } else {
    print(`demo: not running as root (${why});`);
    print("demo: running the same cluster in one process on loopback TCP with in-memory route tables");
    mesh = await inProcessPhase(nodes, "mesh", print);
    rr = await inProcessPhase(nodes, "rr", print);
  }
  print(`demo: mesh reachability ${mesh.ok}/${mesh.total}, rr reachability ${rr.ok}/${rr.total}`);
  return mesh.ok === mesh.total && rr.ok === rr.total && mesh.total > 0 ? 0 : 1;
}

async function netnsPhase(cluster: DemoCluster, mode: DemoMode, print: (l: string) => void): Promise<Phase> {
  const n = cluster.nodes.length;
  print(
    `\n== ${mode === "mesh" ? "full mesh" : "route reflectors (node-1, node-2) + clients"}: starting ${n} agents`,
  );
  const agents = startAgents(cluster, mode);
  try {
    const converged = await until(() => kernelConverged(cluster), 60_000, 500);
    print(converged ? `${mode}: converged` : `${mode}: NOT converged after 60 s (see ${agents.logFiles[0]})`);
    const sessions = await sessionCount(cluster);
    const expected = mode === "mesh" ? (n * (n - 1)) / 2 : 1 + 2 * (n - 2);
    const v6 = cluster.ipv6 ? ` + ${await sessionCount(cluster, 6)} IPv6` : "";
    print(
      `${mode}: ${sessions} IPv4 BGP sessions${v6} (expected ${expected}; a full mesh needs ${(n * (n - 1)) / 2})`,
    );
    if (sessions !== expected) print(`${mode}: WARNING: unexpected session count`);
    for (const node of cluster.nodes) {
      print(`--- ${node.name} routes`);
      print(await routingTable(cluster, node.name));
    }
    const r = await reachability(cluster);
    print(`${mode}: reachability ${formatReachability(r)}`);
    for (const p of r.pairs.filter((x) => !x.ok))
      print(`  FAILED ${p.from.name} -> ${p.to.name} (IPv${p.family})`);
    return { ok: r.ok, total: r.total };
  } finally {
    await stopAgents(agents);
  }
}

async function inProcessPhase(nodes: number, mode: DemoMode, print: (l: string) => void): Promise<Phase> {
  print(`\n== ${mode} (in-process): starting ${nodes} agents on 127.0.1.x`);
  const cluster = await startInProcessCluster({ nodes, mode, port: mode === "mesh" ? 17911 : 17912 });
  try {
    const want = nodes * 2;
    const end = Date.now() + 30_000;
    let r = await routeReachability(cluster);
    while (r.ok < want && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 200));
      r = await routeReachability(cluster);
    }
    const sessions =
      cluster.agents.flatMap((a) => a.peers).filter((l) => l.session.state === "Established").length / 2;
    print(`${mode}: ${sessions} BGP sessions`);
    for (const [i, b] of cluster.backends.entries()) {
      const routes = await b.listRoutes({ family: 4 });
      print(`--- ${cluster.nodes[i]!.name} routes (in memory)`);
      for (const rt of routes) {
        print(
          `${rt.kind === "blackhole" ? "blackhole " : ""}${rt.prefix.address}/${rt.prefix.length}${rt.nexthops.map((h) => ` via ${h.gateway}`).join("")}`,
        );
      }
    }
    print(`${mode}: route reachability ${r.ok}/${r.total} (in-process: routes checked, no packets sent)`);
    return r;
  } finally {
    await cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const nodesArg = process.argv.indexOf("--nodes");
  runDemo(nodesArg > 0 ? { nodes: Number(process.argv[nodesArg + 1]) } : {}).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
