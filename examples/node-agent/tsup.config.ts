import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  format: ["esm"],
  // A private application: no declaration files (they would need every dependency built first).
  dts: false,
  sourcemap: true,
  clean: true,
  target: "node20",
  // The demo builds its cluster with the private testkit, which ships only TypeScript sources.
  noExternal: ["@tsbgp/testkit"],
});
