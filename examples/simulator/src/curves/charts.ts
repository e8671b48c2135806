/** The four charts of the guide, from the measured points. */
import type { SimResult } from "../sim/result.js";
import type { Point } from "./points.js";
import { type ChartSeries, lineChart } from "./svg-chart.js";

const COLORS: Record<string, string> = { mesh: "#d62728", "rr-2": "#1f77b4", "rr-4": "#2ca02c" };

/** File name → SVG text. */
export type Charts = Record<string, string>;

function series(points: readonly Point[], y: (r: SimResult) => number): ChartSeries[] {
  const labels = [...new Set(points.map((p) => p.series))];
  return labels.map((label) => ({
    label: label === "mesh" ? "full mesh" : `${label.slice(3)} reflectors`,
    color: COLORS[label] ?? "#555",
    points: points
      .filter((p) => p.series === label && p.result !== undefined)
      .map((p) => [p.nodes, y(p.result!)] as const),
  }));
}

/** Sessions, messages, convergence time and memory against N. */
export function buildCharts(points: readonly Point[]): Charts {
  const x = "nodes (N, log scale)";
  return {
    "sessions.svg": lineChart({
      title: "BGP sessions",
      xLabel: x,
      yLabel: "established sessions (log)",
      series: series(points, (r) => r.sessions),
    }),
    "messages.svg": lineChart({
      title: "Messages to converge from a cold start",
      xLabel: x,
      yLabel: "BGP messages (log)",
      series: series(points, (r) => r.messages),
    }),
    "convergence.svg": lineChart({
      title: "Cold-start convergence: CPU time to run every agent",
      xLabel: x,
      yLabel: "CPU seconds, one process (log)",
      series: series(points, (r) => r.converge_s.cpu),
    }),
    "memory.svg": lineChart({
      title: "Heap of the whole cluster",
      xLabel: x,
      yLabel: "MB in use after GC (log)",
      series: series(points, (r) => r.heap_mb),
    }),
  };
}
