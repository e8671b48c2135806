/** The human-readable summary of a run (without `--json`). */
import type { PhaseResult, SimResult } from "../sim/result.js";

const phaseLine = (name: string, p: PhaseResult): string =>
  `${name.padEnd(8)} ${p.converged ? "converged" : "NOT converged"} in ${p.converge_s.virtual.toFixed(3)} s virtual, ` +
  `${p.converge_s.wall.toFixed(3)} s wall (${p.converge_s.cpu.toFixed(3)} s CPU); ${p.messages} messages (${p.messages_by_type.UPDATE} UPDATE), ${p.bytes} bytes`;

/** Lines describing `r`. */
export function summary(r: SimResult): string[] {
  const lines = [
    `${r.nodes} nodes, ${r.mode === "mesh" ? "full mesh" : `${r.reflectors} route reflector(s)`}, scenario ${r.scenario}`,
    `sessions ${r.sessions} (expected ${r.sessions_expected}), at most ${r.peak_sessions_per_node} on one node`,
    `heap ${r.heap_mb.toFixed(1)} MB in use, ${(r.heap_mb_per_node * 1024).toFixed(0)} KB per node${r.heap_after_gc ? "" : " (no --expose-gc: before GC)"}`,
    phaseLine("cold", r.phases.cold),
  ];
  if (r.phases.leave) lines.push(phaseLine("leave", r.phases.leave));
  if (r.phases.join) lines.push(phaseLine("join", r.phases.join));
  const d = r.reflector_dies;
  if (d) {
    lines.push(
      `${d.node} died: at most ${d.lost_routes_max} routes between live nodes missing (${d.lost_routes_end} at the end, ${d.watched_s.toFixed(0)} s watched)`,
      phaseLine("failover", d.phase),
    );
  }
  const f = r.flap;
  if (f) {
    lines.push(
      `${f.node} flapped ${f.flaps} times every ${f.period_s} s; sessions re-established ${f.sessions_reestablished} times`,
      `  connections reset per flap:  ${f.connections_reset.join(" ")}`,
      `  UPDATEs others saw per flap: ${f.updates_seen_by_others.join(" ")}`,
      `  route changes of others:     ${f.route_changes_by_others.join(" ")}`,
      phaseLine("recovery", f.recovery),
    );
  }
  lines.push(`converged: ${r.converged}; ${r.wall_s.toFixed(2)} s wall in all`);
  return lines;
}
