import { defineConfig } from "tsup";

export default defineConfig({
  // watch-child runs as its own process (see src/transport/forked-transport.ts).
  entry: { index: "src/index.ts", "watch-child": "src/transport/watch-child.ts" },
  // import.meta.url in the CJS build (to find watch-child beside the bundle).
  shims: true,
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
