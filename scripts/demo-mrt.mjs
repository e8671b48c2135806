#!/usr/bin/env node
// `npm run demo:mrt`: decode a real RouteViews RIB dump
// with the built tsbgp-mrt command, show the first routes in bgpdump -m format, and a summary.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const file = `${root}../shared/fixtures/mrt/routeviews/rib.20140523.0600.first-complete-records.mrt.gz`;
const cli = `${root}packages/bgp-wire/dist/cli.js`;
for (const [what, p] of [
  ["MRT dump", file],
  ["tsbgp-mrt (run npm run build)", cli],
]) {
  if (!existsSync(p)) {
    console.error(`demo: ${what} not found at ${p}`);
    process.exit(1);
  }
}
const t0 = process.hrtime.bigint();
const child = spawn(process.execPath, [cli, file], { stdio: ["ignore", "pipe", "inherit"] });
const peers = new Set();
const prefixes = new Set();
let lines = 0;
for await (const line of createInterface({ input: child.stdout })) {
  if (lines < 10) console.log(line);
  lines++;
  const f = line.split("|");
  peers.add(f[3]);
  prefixes.add(f[5]);
}
const code = await new Promise((r) => child.on("close", r));
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log("...");
console.log(
  `demo: ${lines} routes, ${prefixes.size} prefixes, ${peers.size} peers decoded in ${s.toFixed(2)} s (exit ${code})`,
);
process.exit(code === 0 && lines > 0 ? 0 : 1);
