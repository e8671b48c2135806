#!/usr/bin/env node
// The benchmark device under test (see bench/dut.sh). The TypeScript sources are bundled with
// esbuild at start-up (~0.1 s, before any session opens) and the bundle is imported. Running them
// through tsx instead costs time on the hot path: tsx compiles with esbuild's keepNames, which
// wraps every closure created at run time in a `__name` helper (an Object.defineProperty per
// call; ~70 ms of a 1.35 s rr fan-out profile). TSBGP_DUT_LOADER=tsx keeps the tsx path (the
// baseline for that comparison, and the fallback when esbuild is not installed).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const entry = fileURLToPath(new URL("../src/dut/main.ts", import.meta.url));
const tsconfig = fileURLToPath(new URL("../tsconfig.json", import.meta.url));

/** esbuild's module, or null when it is not installed (then tsx runs the sources). */
async function loadEsbuild() {
  if (process.env.TSBGP_DUT_LOADER === "tsx") return null;
  try {
    return await import("esbuild");
  } catch {
    return null;
  }
}

const esbuild = await loadEsbuild();
if (esbuild === null) {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig });
  await import(entry);
} else {
  // Bundled in memory, dependencies included (the @tsbgp/* workspace packages resolve to their
  // sources through the tsconfig paths), written to a private temporary directory, imported,
  // then deleted: several DUTs may start at once (the differential tests run a few).
  const out = await esbuild.build({
    entryPoints: [entry],
    tsconfig,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  const dir = mkdtempSync(join(tmpdir(), "tsbgp-dut-"));
  const file = join(dir, "dut.mjs");
  writeFileSync(file, out.outputFiles[0].contents);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
