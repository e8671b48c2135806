/**
 * "Every code sample in the guides is compiled and run": each TypeScript or YAML block of a
 * guide is a file in docs/samples/ (byte for byte), every sample file is shown somewhere, the
 * samples type-check under the repository's strict settings, and each runnable sample prints
 * exactly the output its guide shows.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allFences, type Fence, REPO_ROOT, SAMPLES_DIR } from "./markdown.js";
import { run, runSample } from "./run.js";

const CODE_LANGS = new Set(["ts", "typescript", "js", "yaml", "yml"]);
const fencesNow = allFences();
const sampleFiles = readdirSync(SAMPLES_DIR)
  .filter((f) => /\.(ts|yaml)$/.test(f))
  .sort();
const where = (f: Fence) => `${f.guide}:${f.line}`;

describe("guide code blocks are sample files", () => {
  it("finds code blocks in the guides", () => {
    expect(fencesNow.filter((f) => f.marker?.kind === "sample").length).toBeGreaterThanOrEqual(6);
  });

  it.each(fencesNow.filter((f) => CODE_LANGS.has(f.lang)).map((f) => [where(f), f] as const))(
    "%s is a sample, verbatim",
    (_at, fence) => {
      expect(fence.marker?.kind, `${where(fence)}: add <!-- sample: file --> before the fence`).toBe(
        "sample",
      );
      const file = join(SAMPLES_DIR, fence.marker!.file);
      expect(fence.body).toBe(readFileSync(file, "utf8"));
    },
  );

  it.each(sampleFiles)("%s is shown in a guide", (file) => {
    expect(fencesNow.some((f) => f.marker?.kind === "sample" && f.marker.file === file)).toBe(true);
  });
});

describe("samples compile", () => {
  it("type-checks docs/samples (and these tests) with the strict repository settings", async () => {
    const r = await run(process.execPath, [
      join(REPO_ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      join(REPO_ROOT, "docs/test/tsconfig.json"),
      "--noEmit",
      "--pretty",
      "false",
    ]);
    // Only the samples are ours to judge here; each package's own lint covers its sources.
    const ours = r.stdout
      .split("\n")
      .filter(
        (l) =>
          /^(\.\.\/)*docs\/(samples|test)\//.test(l) ||
          l.includes("/docs/samples/") ||
          l.includes("/docs/test/"),
      );
    expect(ours).toEqual([]);
    // A broken tsconfig reports errors with no file name: that must fail too.
    expect(r.stdout).not.toMatch(/^error TS/m);
    expect(r.code === 0 || r.stdout.includes("error TS")).toBe(true);
  }, 120_000);
});

/** The samples that are programs, and the guide block that shows what each prints. */
const runnable = sampleFiles.filter((f) => f.endsWith(".ts") && f !== "demo-peer.ts");

describe("samples run and print what the guides show", () => {
  it("has a shown output for every runnable sample", () => {
    const shown = fencesNow.filter((f) => f.marker?.kind === "output").map((f) => f.marker!.file);
    expect(shown.sort()).toEqual(runnable);
  });

  it.each(runnable)("%s", async (file) => {
    const r = await runSample(file);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const shown = fencesNow.find((f) => f.marker?.kind === "output" && f.marker.file === file);
    expect(r.stdout).toBe(shown?.body);
  });
});
