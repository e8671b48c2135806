/**
 * A small hand-written SVG line chart on log-log axes (sessions and messages grow as N² in a
 * mesh and as N with reflectors: on log-log axes those are straight lines of slope 2 and 1).
 * No chart library: the output is a plain, diff-friendly text file.
 */

/** One line of the chart. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** (x, y) points; y ≤ 0 cannot be drawn on a log axis and is skipped. */
  readonly points: readonly (readonly [number, number])[];
}

/** What to draw. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

const W = 640;
const H = 400;
const M = { left: 72, right: 140, top: 40, bottom: 52 };

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Ticks at 1, 2, 5 × 10^k inside [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

/** A tick label: 1k, 2M, 0.05 ... */
export function tickLabel(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return `${+v.toPrecision(3)}`;
}

/** The chart as an SVG document. */
export function lineChart(spec: ChartSpec): string {
  const pts = spec.series.flatMap((s) => s.points.filter(([x, y]) => x > 0 && y > 0));
  const xs = pts.map(([x]) => x);
  const ys = pts.map(([, y]) => y);
  const [x0, x1] = pts.length ? [Math.min(...xs), Math.max(...xs)] : [1, 10];
  const [y0, y1] = pts.length ? [Math.min(...ys), Math.max(...ys)] : [1, 10];
  // Pad the ranges out to tick values so lines never touch the frame.
  const lx0 = Math.log10(x0) - 0.05;
  const lx1 = Math.log10(x1) + 0.05;
  const ly0 = Math.floor(Math.log10(y0) * 2) / 2;
  const ly1 = Math.max(Math.ceil(Math.log10(y1) * 2) / 2, ly0 + 0.5);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + ((Math.log10(x) - lx0) / (lx1 - lx0)) * pw;
  const sy = (y: number) => M.top + ph - ((Math.log10(y) - ly0) / (ly1 - ly0)) * ph;
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(spec.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(spec.title)}</text>`,
  ];
  for (const t of logTicks(10 ** ly0, 10 ** ly1)) {
    parts.push(
      `<line x1="${M.left}" x2="${M.left + pw}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#e4e4e4"/>`,
      `<text x="${M.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`,
    );
  }
  for (const t of logTicks(10 ** lx0, 10 ** lx1)) {
    parts.push(
      `<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${M.top}" y2="${M.top + ph}" stroke="#e4e4e4"/>`,
      `<text x="${f(sx(t))}" y="${M.top + ph + 16}" text-anchor="middle">${tickLabel(t)}</text>`,
    );
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
    `<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  );
  spec.series.forEach((s, i) => {
    const p = s.points.filter(([x, y]) => x > 0 && y > 0);
    if (p.length > 0) {
      const d = p.map(([x, y], j) => `${j === 0 ? "M" : "L"}${f(sx(x))},${f(sy(y))}`).join(" ");
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
      for (const [x, y] of p)
        parts.push(`<circle cx="${f(sx(x))}" cy="${f(sy(y))}" r="3" fill="${s.color}"/>`);
    }
    const ly = M.top + 10 + i * 20;
    parts.push(
      `<line x1="${W - M.right + 12}" x2="${W - M.right + 36}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${W - M.right + 42}" y="${ly + 4}">${esc(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
