/**
 * Relative links in the guides and the landing page point at files that exist. The simulator's
 * report and charts are generated (`examples/simulator/src/curves.ts`): until it has run, each
 * such link must at least name a file that its generator writes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { GUIDES_DIR, guideNames, REPO_ROOT, readGuide, relativeLinks } from "./markdown.js";

const GENERATED = {
  "docs/mesh-vs-rr.md": "examples/simulator/src/curves.ts",
  "docs/charts/sessions.svg": "examples/simulator/src/curves/charts.ts",
  "docs/charts/messages.svg": "examples/simulator/src/curves/charts.ts",
  "docs/charts/convergence.svg": "examples/simulator/src/curves/charts.ts",
  "docs/charts/memory.svg": "examples/simulator/src/curves/charts.ts",
} as const satisfies Record<string, string>;

const pages = [
  ...guideNames().map((g) => ({ file: join(GUIDES_DIR, g), text: readGuide(g) })),
  { file: join(REPO_ROOT, "docs/index.md"), text: readFileSync(join(REPO_ROOT, "docs/index.md"), "utf8") },
];

describe("relative links resolve", () => {
  it.each(pages.map((p) => [relative(REPO_ROOT, p.file), p] as const))("%s", (_name, page) => {
    const links = relativeLinks(page.text);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const target = relative(REPO_ROOT, resolve(dirname(page.file), decodeURI(link)));
      if (existsSync(join(REPO_ROOT, target))) continue;
      const generator = GENERATED[target as keyof typeof GENERATED];
      expect(generator, `${relative(REPO_ROOT, page.file)}: broken link ${link}`).toBeDefined();
      const base = target.split("/").at(-1)!;
      expect(readFileSync(join(REPO_ROOT, generator!), "utf8")).toContain(base.replace(/\.md$/, ""));
    }
  });
});

/** Every file under `dir` (relative to the repository root) whose name ends with `suffix`. */
function findFiles(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory() && e.name !== "node_modules" && e.name !== "dist")
      out.push(...findFiles(path, suffix));
    else if (e.isFile() && e.name.endsWith(suffix)) out.push(path);
  }
  return out;
}

describe("the guides follow the repository", () => {
  it("the interop guide links every interop test there is", () => {
    const tests = [
      ...findFiles("packages", ".interop.test.ts"),
      ...findFiles("examples", ".interop.test.ts"),
    ];
    expect(tests.length).toBeGreaterThanOrEqual(5);
    const linked = relativeLinks(readGuide("interop.md")).map((l) =>
      relative(REPO_ROOT, resolve(GUIDES_DIR, l)),
    );
    for (const t of tests) expect(linked, t).toContain(t);
  });

  it("every `node --import tsx <file>` command names a file that exists", () => {
    let commands = 0;
    for (const page of pages) {
      for (const m of page.text.matchAll(/node (?:--expose-gc )?--import tsx (\S+\.ts)/g)) {
        commands++;
        expect(existsSync(join(REPO_ROOT, m[1]!)), `${relative(REPO_ROOT, page.file)}: ${m[0]}`).toBe(true);
      }
    }
    expect(commands).toBeGreaterThan(5);
  });
});
