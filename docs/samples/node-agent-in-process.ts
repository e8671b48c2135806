/**
 * Two node agents in one process, each with its own in-memory kernel table, peering over
 * loopback TCP: the full mesh of `node-1.yaml` and `node-2.yaml`. Prints node-1's `status`
 * table and what each agent programmed into its "kernel".
 */
import { fileURLToPath } from "node:url";
import { formatStatus, loadConfig, NodeAgent } from "@tsbgp/example-node-agent";
import { formatRoute, MemoryBackend } from "@tsbgp/route-sync";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const configs = await Promise.all([loadConfig(here("node-1.yaml")), loadConfig(here("node-2.yaml"))]);
// `run` would call openKernelBackend({ protocol: config.kernel.protocol }) instead.
const backends = configs.map(() => new MemoryBackend());
const agents = configs.map((config, i) => new NodeAgent(config, { backend: backends[i]! }));
await Promise.all(agents.map((a) => a.start()));

// Wait until each node has the other's block in its table (a few hundred milliseconds).
const hasPeerRoute = async (b: MemoryBackend) => (await b.listRoutes({ protocol: 80 })).length === 2;
for (let tries = 0; !(await hasPeerRoute(backends[0]!)) || !(await hasPeerRoute(backends[1]!)); tries++) {
  if (tries > 100) throw new Error("the mesh did not converge in 10 s");
  await new Promise((resolve) => setTimeout(resolve, 100));
}
// The `status` command fetches the same table from GET /status?format=text.
const table = formatStatus("node-1", agents[0]!.status());
console.log(table.replace(/\d\d:\d\d:\d\d/g, "hh:mm:ss")); // SINCE varies from run to run
for (const [i, backend] of backends.entries()) {
  for (const r of await backend.listRoutes())
    console.log(`${configs[i]!.nodeName} kernel: ${formatRoute(r)}`);
}
await Promise.all(agents.map((a) => a.stop())); // Cease to the peer, kernel routes removed
