/**
 * `npm run docs` builds: typedoc over the four packages, with the guides as project documents
 * and docs/index.md as the landing page. Written to a temporary directory so the test leaves
 * docs/api alone.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { guideNames, readGuide, REPO_ROOT } from "./markdown.js";
import { run } from "./run.js";

const out = mkdtempSync(join(tmpdir(), "tsbgp-typedoc-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The `title:` of a guide's front matter (typedoc names the page after it). */
function title(guide: string): string {
  const m = /^---\n(?:.*\n)*?title: (.+)\n(?:.*\n)*?---\n/.exec(readGuide(guide));
  if (!m) throw new Error(`${guide}: no front matter title`);
  return m[1]!;
}

describe("typedoc (npm run docs)", () => {
  it("builds the API reference of the four packages and every guide, without errors", async () => {
    const r = await run(
      process.execPath,
      [join(REPO_ROOT, "node_modules/typedoc/bin/typedoc"), "--out", out, "--logLevel", "Warn"],
      280_000,
    );
    expect(r.stdout + r.stderr).not.toMatch(/\[error\]/);
    expect(r.code).toBe(0);
    const modules = readFileSync(join(out, "modules.html"), "utf8");
    for (const pkg of ["bgp-wire", "bgp-fsm", "rib", "route-sync"])
      expect(modules).toContain(`@tsbgp/${pkg}`);
    // bgp-wire has two entry points, named by their @module tags; the Node-only one is a submodule.
    expect(existsSync(join(out, "modules/_tsbgp_bgp-wire._tsbgp_bgp-wire_node.html"))).toBe(true);
    const landing = readFileSync(join(out, "index.html"), "utf8");
    for (const guide of guideNames()) {
      const page = `documents/${title(guide).replaceAll(" ", "_")}.html`;
      expect(existsSync(join(out, page)), `${guide} -> ${page}`).toBe(true);
      expect(landing, `index.md links ${guide}`).toContain(`href="${page}"`);
    }
  }, 300_000);
});
