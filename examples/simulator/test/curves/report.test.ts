import { describe, expect, it } from "vitest";
import { buildCharts } from "../../src/curves/charts.js";
import type { Point, Series } from "../../src/curves/points.js";
import { markdown } from "../../src/curves/report.js";
import { runSimulation } from "../../src/sim/run.js";

describe("the mesh-vs-rr page", () => {
  it("has a row per point, the charts, the commands, and failed points said as such", async () => {
    const series: Series[] = [
      { label: "mesh", mode: "mesh", sizes: [4, 100] },
      { label: "rr-2", mode: "rr", reflectors: 2, sizes: [4] },
    ];
    const points: Point[] = [
      { series: "mesh", nodes: 4, result: await runSimulation({ nodes: 4, mode: "mesh" }) },
      { series: "rr-2", nodes: 4, result: await runSimulation({ nodes: 4, mode: "rr", reflectors: 2 }) },
      { series: "mesh", nodes: 100, error: "stopped after the 1 s wall-clock limit" },
    ];
    const md = markdown(points, series, {
      date: "2026-11-28 09:00 UTC",
      machine: "test machine",
      node: "v20",
      command: "npm run simulate:curves",
    });
    expect(md).toMatch(/^\| mesh +\| +4 \| +6 \| +3 \| +48 \| /m);
    expect(md).toMatch(/^\| rr-2 +\| +4 \| +5 \| +3 \| /m);
    expect(md).toMatch(/^\| mesh +\| +100 \| +stopped after the 1 s wall-clock limit +\|/m);
    // Every row has the header's width: the table is laid out as the formatter would.
    const rows = md.split("\n").filter((l) => l.startsWith("| "));
    expect(new Set(rows.map((l) => l.length)).size).toBe(1);
    expect(md).toContain("- mesh at N = 100 did not finish: stopped after the 1 s wall-clock limit.");
    expect(md).toContain("--nodes N --mode rr --reflectors 2 --scenario join --json");
    for (const c of ["sessions", "messages", "convergence", "memory"])
      expect(md).toContain(`(charts/${c}.svg)`);
    const charts = buildCharts(points);
    expect(Object.keys(charts).sort()).toEqual([
      "convergence.svg",
      "memory.svg",
      "messages.svg",
      "sessions.svg",
    ]);
    // Two series with one point each: a dot each, no failed point drawn.
    expect(charts["sessions.svg"]!.match(/<circle /g)).toHaveLength(2);
  });
});
