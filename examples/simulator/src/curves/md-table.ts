/**
 * A Markdown table laid out the way the repository's formatter (Biome) lays it out: every column
 * padded to its widest cell, numbers right-aligned, so the generated page passes `npm run lint`
 * without a formatting pass.
 */

/** Column alignment. */
export type Align = "left" | "right";

/** The table as Markdown lines. */
export function mdTable(
  header: readonly string[],
  align: readonly Align[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows];
  const width = header.map((_, c) => Math.max(3, ...all.map((r) => [...(r[c] ?? "")].length)));
  const pad = (s: string, c: number) => {
    const fill = " ".repeat(width[c]! - [...s].length);
    return align[c] === "right" ? fill + s : s + fill;
  };
  const line = (cells: readonly string[]) =>
    `| ${header.map((_, c) => pad(cells[c] ?? "", c)).join(" | ")} |`;
  const rule = `| ${header.map((_, c) => (align[c] === "right" ? `${"-".repeat(width[c]! - 1)}:` : "-".repeat(width[c]!))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
