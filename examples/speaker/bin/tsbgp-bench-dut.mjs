#!/usr/bin/env node
// The benchmark device under test (see bench/dut.sh): runs the TypeScript sources through tsx.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/dut/main.ts");
