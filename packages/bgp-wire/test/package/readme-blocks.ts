/** The fenced code blocks of a Markdown file, in order, with their language tag. */

/** One fenced block. */
export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence, for failure messages. */
  readonly line: number;
}

/** Every ```lang ... ``` block of `markdown` (fences at the start of a line). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? "");
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    if (i >= lines.length) throw new Error(`unclosed code block at line ${start + 1}`);
    out.push({ lang: open[1] ?? "", code: `${body.join("\n")}\n`, line: start + 1 });
  }
  return out;
}
