#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), resolving @tsbgp/* to the workspace sources through
// the repository's tsconfig paths, so the example needs no build step.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/main.ts");
