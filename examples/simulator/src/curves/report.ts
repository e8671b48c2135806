/**
 * docs/mesh-vs-rr.md: the measured table, the charts and when to switch, written from the points
 * so that every sentence with a number in it comes from this run.
 */
import type { SimResult } from "../sim/result.js";
import { type Align, mdTable } from "./md-table.js";
import { type Point, pointArgs, type Series } from "./points.js";

/** Where and how the figures were made. */
export interface RunInfo {
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  readonly command: string;
  /** Anything a reader must know about this particular run. */
  readonly note?: string;
}

const n0 = (x: number): string => x.toLocaleString("en-US");
const s3 = (x: number): string => (x < 0.01 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(1));

const HEADER = [
  "series",
  "N",
  "sessions",
  "max sessions on a node",
  "messages (cold)",
  "MB (cold)",
  "cold s virtual / wall / CPU",
  "leave s virtual / wall (messages)",
  "join s virtual / wall (messages)",
  "heap MB / KB per node",
  "converged",
];
const ALIGN: Align[] = ["left", ...new Array<Align>(9).fill("right"), "left"];

function row(p: Point): string[] {
  const r = p.result;
  if (!r) return [p.series, n0(p.nodes), p.error ?? "no result"];
  const j = r.phases.join;
  const l = r.phases.leave;
  return [
    p.series,
    n0(r.nodes),
    `${n0(r.sessions)}${r.sessions === r.sessions_expected ? "" : ` (expected ${n0(r.sessions_expected)})`}`,
    n0(r.peak_sessions_per_node),
    n0(r.messages),
    `${(r.bytes / 1e6).toFixed(2)}`,
    `${s3(r.converge_s.virtual)} / ${s3(r.converge_s.wall)} / ${s3(r.converge_s.cpu)}`,
    l ? `${s3(l.converge_s.virtual)} / ${s3(l.converge_s.wall)} (${n0(l.messages)})` : "",
    j ? `${s3(j.converge_s.virtual)} / ${s3(j.converge_s.wall)} (${n0(j.messages)})` : "",
    `${r.heap_mb.toFixed(0)} / ${(r.heap_mb_per_node * 1024).toFixed(0)}`,
    r.converged ? "yes" : "**no**",
  ];
}

function at(points: readonly Point[], series: string, nodes: number): SimResult | undefined {
  return points.find((p) => p.series === series && p.nodes === nodes)?.result;
}

/** The "when to switch" paragraph, from the largest N both the mesh and two reflectors reached. */
function advice(points: readonly Point[], seriesList: readonly Series[]): string[] {
  const meshNs = points.filter((p) => p.series === "mesh" && p.result).map((p) => p.nodes);
  const both = meshNs.filter((n) => at(points, "rr-2", n)).sort((a, b) => a - b);
  const lines: string[] = [];
  for (const n of both.filter((x) => x === 100 || x === both.at(-1))) {
    const m = at(points, "mesh", n)!;
    const r = at(points, "rr-2", n)!;
    lines.push(
      `- At N = ${n}: the mesh has ${n0(m.sessions)} sessions against ${n0(r.sessions)} with two reflectors ` +
        `(${(m.sessions / r.sessions).toFixed(0)}×); every mesh node holds ${n0(m.peak_sessions_per_node)} sessions, ` +
        `a reflector client 2 and a reflector ${n0(r.peak_sessions_per_node)}. A cold start costs ${n0(m.messages)} ` +
        `messages against ${n0(r.messages)}, ${s3(m.converge_s.cpu)} s against ${s3(r.converge_s.cpu)} s of CPU, ` +
        `and the cluster's agents use ${m.heap_mb.toFixed(0)} MB of heap against ${r.heap_mb.toFixed(0)} MB.`,
    );
  }
  const rrMax = points.filter((p) => p.series === "rr-2" && p.result).sort((a, b) => b.nodes - a.nodes)[0];
  const meshMax = Math.max(0, ...meshNs);
  if (rrMax?.result && rrMax.nodes > meshMax) {
    const r = rrMax.result;
    lines.push(
      `- Two reflectors at N = ${rrMax.nodes} (the mesh was measured up to ${meshMax}): ${n0(r.sessions)} sessions, ` +
        `${n0(r.peak_sessions_per_node)} on each reflector, ${n0(r.messages)} messages and ${s3(r.converge_s.cpu)} s of CPU ` +
        `for a cold start, ${r.heap_mb.toFixed(0)} MB of heap. A mesh of that size would need ${n0((rrMax.nodes * (rrMax.nodes - 1)) / 2)} sessions.`,
    );
  }
  const failed = points.filter((p) => p.error);
  for (const f of failed) lines.push(`- ${f.series} at N = ${f.nodes} did not finish: ${f.error}.`);
  for (const sr of seriesList) {
    const tried = new Set(points.filter((p) => p.series === sr.label).map((p) => p.nodes));
    const skipped = sr.sizes.filter((n) => !tried.has(n));
    if (skipped.length > 0)
      lines.push(`- ${sr.label} at N = ${skipped.join(", ")}: not measured in this run.`);
  }
  return lines;
}

function scenarioLine(p: Point): string {
  const r = p.result;
  const cmd = `\`${pointArgs(
    {
      label: p.series,
      mode: r?.mode ?? "rr",
      ...(r && r.mode === "rr" ? { reflectors: r.reflectors } : {}),
      sizes: [],
      ...(r ? { scenario: r.scenario } : {}),
    },
    p.nodes,
  )
    .slice(0, -1)
    .join(" ")}\``;
  if (!r) return `- ${p.series} N = ${p.nodes}: ${p.error ?? "no result"}`;
  const d = r.reflector_dies;
  if (d) {
    return (
      `- **A reflector dies** (${r.reflectors} reflector${r.reflectors > 1 ? "s" : ""}, N = ${r.nodes}, ${cmd}): ` +
      (d.phase.converged
        ? `its peers drop it after ${s3(d.phase.converge_s.virtual)} virtual s (the ${r.timers.holdTime} s hold time); `
        : `its peers drop it after the ${r.timers.holdTime} s hold time, and the cluster never converged again; `) +
      `at most ${n0(d.lost_routes_max)} routes between live nodes were ever missing, ${n0(d.lost_routes_end)} at the end ` +
      `of ${d.watched_s.toFixed(0)} s watched.`
    );
  }
  const f = r.flap;
  if (f) {
    return (
      `- **A node flaps** (${r.mode === "mesh" ? "mesh" : `${r.reflectors} reflectors`}, N = ${r.nodes}, ${cmd}): its links reset ` +
      `every ${f.period_s} s, ${f.flaps} times. Connections reset per flap: ${f.connections_reset.join(", ")} ` +
      `(0 = its sessions were still held down by the doubled IdleHoldTime). UPDATEs the other nodes received per ` +
      `flap: ${f.updates_seen_by_others.join(", ")}; their best-route changes: ${f.route_changes_by_others.join(", ")} ` +
      `(graceful restart kept its routes as stale across each reset).`
    );
  }
  return `- ${p.series} N = ${p.nodes}: converged ${r.converged}`;
}

/** The whole Markdown page. */
export function markdown(
  points: readonly Point[],
  seriesList: readonly Series[],
  info: RunInfo,
  scenarios: readonly Point[] = [],
): string {
  const cmd = (s: Series) =>
    `node --import tsx examples/simulator/src/main.ts ${pointArgs(s, 0).join(" ").replace("--nodes 0", "--nodes N")}`;
  return `# Full mesh or route reflectors: measured

<!-- Generated by \`${info.command}\` on ${info.date}. Do not edit by hand: run it again. -->

A full mesh needs N(N-1)/2 BGP sessions; RFC 4456 route reflectors cut that to R(R-1)/2 + R(N-R).
Calico's advice is a mesh below about 100 nodes and reflectors above. These figures come from the
node agent's own code (\`@tsbgp/example-node-agent\`: bgp-fsm sessions, the rib's decision process,
reflection and export groups, route-sync with its in-memory backend) running N agents in one Node
process, their BGP sessions carried by an in-memory network on a virtual clock
(\`examples/simulator\`). Each node owns one /26; a phase has converged when every node that is up
holds a route to every other up node's block, via its owner, and none to a node that is gone.

- **Machine:** ${info.machine}; Node ${info.node}. One child process per point, \`--expose-gc\`,
  run one after another.
- **Phases:** cold start of every node; the last node leaves (Cease to its peers); it joins again
  with an empty route table.
- **Clocks:** _virtual_ seconds are simulated time (1 ms one-way latency per hop plus protocol
  timers: a node that joins waits for its peers' next connection attempt, which bgp-fsm's
  IdleHoldTime and ConnectRetryTimer pace, so a join takes seconds of virtual time where a cold
  start takes milliseconds); _wall_ seconds are the real time this one
  process took to run every agent through the phase, and _CPU_ seconds the processor time it
  used meanwhile: the cost that grows with N. The machine was shared with other work while these
  ran, so wall time is inflated by their share; CPU time is not (the charts use it).
- **Messages** are every BGP message delivered until no message was in flight (OPEN, KEEPALIVE,
  UPDATE including End-of-RIB, NOTIFICATION); bytes are their sizes on the wire.
- **Heap** is V8's heap in use after a forced GC once the cold start converged, for the whole
  cluster and per node (minus the empty process).

${info.note ? `**Note on this run:** ${info.note}\n\n` : ""}Commands: ${seriesList.map((s) => `\`${cmd(s)}\``).join("; ")}.

## Table

${mdTable(HEADER, ALIGN, points.map(row))}

## Charts

![sessions](charts/sessions.svg)
![messages](charts/messages.svg)
![convergence](charts/convergence.svg)
![memory](charts/memory.svg)

## Failures

${scenarios.length ? scenarios.map(scenarioLine).join("\n") : "Not measured in this run."}

## When to switch

${advice(points, seriesList).join("\n")}

Sessions are the clearest difference: a mesh grows as N², reflectors as N, and a mesh node's
session count is N-1 while a client's is R. Messages do not shrink as much: every node still has
to learn N-1 blocks, so a cold start is N² routes either way; with reflectors each client hears
every block once from each reflector. What a mesh costs beyond that is per-node state (N-1
sessions, their timers and their Adj-RIBs on every node) and a join or leave that touches every
node. A reflector carries a mesh node's load (N-1 sessions): it is the machine to size.

Where the CPU goes: every node has to process N-1 routes (2(N-1) as a client of two reflectors),
so a cold start is N² route arrivals in the cluster, and the CPU column grows faster than that,
about N³ for reflectors. A \`--cpu-prof\` of a 150-node, two-reflector cold start shows why: the node
agent's block guard (the import policy that rejects a block announced by the wrong node) looks up
the owner of every received route by scanning every node's block and building masked copies of
both addresses, so each route costs O(N) and allocations. At N = 150 that scan already takes a
fifth of the CPU samples, and garbage collection, which its copies feed, another quarter; both
shares grow with N. Indexing the owners by block would bring the large-N figures down; the
simulator measures the agent as it is.

Rule of thumb from these runs: below about 100 nodes a mesh is cheap enough and has no reflector
to size or lose; above that, two reflectors (not one: with one, its failure cuts every client
off, see \`--scenario reflector-dies\`) remove the N² sessions at the cost of running two
machines that each hold every node's session.
`;
}
