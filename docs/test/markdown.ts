/**
 * Reads the guides the way the tests need them: fenced blocks tied to a sample file by a
 * `<!-- sample: file -->` or `<!-- output: file -->` marker on the line before the fence,
 * tables, and relative links.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (docs/test/ is two levels down). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Where the guides are. */
export const GUIDES_DIR = join(REPO_ROOT, "docs/guides");
/** Where the samples are. */
export const SAMPLES_DIR = join(REPO_ROOT, "docs/samples");

/** One fenced code block of a guide. */
export interface Fence {
  /** Guide file name. */
  readonly guide: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Info string (`ts`, `yaml`, `text`, ...). */
  readonly lang: string;
  /** The block's text, ending with a newline. */
  readonly body: string;
  /** `sample` or `output` marker on the line before, with the sample file it names. */
  readonly marker?: { readonly kind: "sample" | "output"; readonly file: string };
}

const MARKER = /^<!-- (sample|output): ([\w.-]+) -->$/;

/** Every guide file name, sorted. */
export function guideNames(): string[] {
  return readdirSync(GUIDES_DIR)
    .filter((f) => f.endsWith(".md"))
    .sort();
}

/** A guide's text. */
export function readGuide(name: string): string {
  return readFileSync(join(GUIDES_DIR, name), "utf8");
}

/** The fenced blocks of one guide. */
export function fences(guide: string, text = readGuide(guide)): Fence[] {
  const lines = text.split("\n");
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l === "```");
    if (end < 0) throw new Error(`${guide}:${i + 1}: unclosed code fence`);
    const m = MARKER.exec(lines[i - 1] ?? "");
    out.push({
      guide,
      line: i + 1,
      lang: open[1] ?? "",
      body: `${lines.slice(i + 1, end).join("\n")}\n`,
      ...(m ? { marker: { kind: m[1] as "sample" | "output", file: m[2]! } } : {}),
    });
    i = end;
  }
  return out;
}

/** Every fence of every guide. */
export function allFences(): Fence[] {
  return guideNames().flatMap((g) => fences(g));
}

/** Rows of the first Markdown table after the heading `heading` (cells trimmed, header dropped). */
export function tableAfter(text: string, heading: string): string[][] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.replace(/^#+\s*/, "") === heading && l.startsWith("#"));
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const first = lines.findIndex((l, i) => i > start && l.startsWith("|"));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i]!.startsWith("|"); i++) {
    rows.push(
      lines[i]!.slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** Inline `code` spans of a string. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** Relative link targets of a guide (no scheme, no pure #anchor), without their #fragment. */
export function relativeLinks(text: string): string[] {
  const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return targets.filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith("#")).map((t) => t.replace(/#.*$/, ""));
}
