import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The pure codec and the Node-only helpers (`@tsbgp/bgp-wire/node`).
    entry: { index: "src/index.ts", node: "src/node/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  {
    // The `tsbgp-mrt` bin: one ESM file with a shebang; dependencies stay external.
    entry: { cli: "src/cli/bin.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: false,
    clean: false,
    target: "node20",
    // `env -S` passes the flag: a larger young generation halves GC time on big dumps.
    banner: { js: "#!/usr/bin/env -S node --max-semi-space-size=64" },
  },
]);
