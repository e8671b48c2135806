#!/usr/bin/env node
/**
 * `tsbgp-node-agent`: `run --config <file>` runs the agent; `status --config <file>` prints the
 * running agent's peer table; `check --config <file>` validates a config and prints the derived
 * peers; `demo` runs the namespace demo (see `demo/main.ts`).
 */
import { parseArgs } from "node:util";
import { openKernelBackend } from "@tsbgp/route-sync";
import { serveHttp } from "./agent/http-server.js";
import { createLogger } from "./agent/logger.js";
import { NodeAgent } from "./agent/node-agent.js";
import { loadConfig } from "./config/load.js";
import { NodeAgentError } from "./errors.js";

const USAGE = `usage: tsbgp-node-agent <run|status|check> --config <file>
       tsbgp-node-agent demo [--nodes N]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { config: { type: "string", short: "c" }, nodes: { type: "string" } },
    allowPositionals: false,
  });
  if (command === "demo") {
    const { runDemo } = await import("./demo/main.js");
    return runDemo(values.nodes === undefined ? {} : { nodes: Number(values.nodes) });
  }
  if (values.config === undefined || !["run", "status", "check"].includes(command ?? "")) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = await loadConfig(values.config);
  if (command === "check") {
    process.stdout.write(`config ok: ${config.nodeName} (${config.role}), ${config.peers.length} peers\n`);
    for (const p of config.peers) {
      process.stdout.write(
        `  ${p.address} ${p.kind}${p.passive ? " passive" : ""}${p.rrClient ? " rr-client" : ""}\n`,
      );
    }
    return 0;
  }
  if (command === "status") {
    if (!config.metrics)
      throw new NodeAgentError(
        "CONFIG_INVALID",
        "config: metrics is not enabled, so there is no status endpoint",
      );
    const res = await fetch(
      `http://${hostPort(config.metrics.address, config.metrics.port)}/status?format=text`,
    );
    process.stdout.write(await res.text());
    return res.ok ? 0 : 1;
  }
  return run(config);
}

function hostPort(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

async function run(config: Awaited<ReturnType<typeof loadConfig>>): Promise<number> {
  const logger = createLogger(config.nodeName);
  const backend = await openKernelBackend({ protocol: config.kernel.protocol });
  const agent = new NodeAgent(config, { backend, logger });
  await agent.start();
  const http = config.metrics ? await serveHttp(agent, config.metrics) : undefined;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down: sending Cease to every peer");
      http?.close();
      agent
        .stop()
        .then(() => resolve(0))
        .catch((err: unknown) => {
          logger.error({ err: String(err) }, "shutdown failed");
          resolve(1);
        })
        .finally(() => backend.close());
    };
    process.on("SIGTERM", () => shutdown("SIGTERM"));
    process.on("SIGINT", () => shutdown("SIGINT"));
    // Graceful restart (RFC 4724): leave without a NOTIFICATION and keep our kernel routes, so
    // peers keep our routes as stale and we keep forwarding until the next start converges.
    process.on("SIGUSR2", () => {
      logger.info("graceful-restart exit: keeping kernel routes, no Cease");
      agent.routeSync
        .stop()
        .finally(() => {
          logger.flush();
          process.exit(0);
        })
        .catch(() => {});
    });
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Sockets of the kernel backend's watch child may keep the loop alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof NodeAgentError ? error.message : String(error)}\n`);
    process.exit(error instanceof NodeAgentError && error.code.startsWith("CONFIG") ? 2 : 1);
  },
);
