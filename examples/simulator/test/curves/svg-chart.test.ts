import { describe, expect, it } from "vitest";
import { lineChart, logTicks, tickLabel } from "../../src/curves/svg-chart.js";

describe("lineChart", () => {
  it("draws one path and one dot per point, with a legend, on log axes", () => {
    const svg = lineChart({
      title: "Sessions <N>",
      xLabel: "nodes",
      yLabel: "sessions",
      series: [
        {
          label: "mesh",
          color: "#d62728",
          points: [
            [10, 45],
            [100, 4950],
            [400, 79800],
          ],
        },
        {
          label: "2 reflectors",
          color: "#1f77b4",
          points: [
            [10, 17],
            [100, 197],
            [1000, 1997],
          ],
        },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain("Sessions &lt;N&gt;");
    expect(svg).toContain(">2 reflectors</text>");
    expect(svg).not.toContain("NaN");
    // The mesh's last point (400 nodes, most sessions) is right of and above its first.
    const d = svg.match(/<path d="([^"]+)"/)![1]!.split(" ");
    const [x0, y0] = d[0]!.slice(1).split(",").map(Number);
    const [x2, y2] = d[2]!.slice(1).split(",").map(Number);
    expect(x2!).toBeGreaterThan(x0!);
    expect(y2!).toBeLessThan(y0!);
  });

  it("ticks at 1-2-5 steps with short labels", () => {
    expect(logTicks(8, 1200)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
    expect([0.05, 2, 1500, 2_000_000].map(tickLabel)).toEqual(["0.05", "2", "1.5k", "2M"]);
  });
});
