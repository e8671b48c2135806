/**
 * The agent's HTTP endpoint: `/metrics` (Prometheus text format) and `/status` (JSON, or the
 * `calicoctl node status` table with `?format=text`).
 */
import { createServer, type Server } from "node:http";
import type { Endpoint } from "../config/types.js";
import type { NodeAgent } from "./node-agent.js";
import { formatStatus } from "./status.js";

/** Serve `agent`'s metrics and status on `at`; resolves once listening. */
export async function serveHttp(agent: NodeAgent, at: Endpoint): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://agent");
    const reply = (code: number, type: string, body: string) => {
      res.writeHead(code, { "content-type": type });
      res.end(body);
    };
    if (url.pathname === "/metrics") {
      agent.metrics.registry
        .metrics()
        .then((text) => reply(200, agent.metrics.registry.contentType, text))
        .catch((err: unknown) => reply(500, "text/plain", String(err)));
    } else if (url.pathname === "/status") {
      const rows = agent.status();
      if (url.searchParams.get("format") === "text") {
        reply(200, "text/plain", formatStatus(agent.config.nodeName, rows));
      } else {
        reply(
          200,
          "application/json",
          JSON.stringify({ node: agent.config.nodeName, converged: agent.converged, peers: rows }),
        );
      }
    } else {
      reply(404, "text/plain", "not found: try /metrics or /status\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(at.port, at.address, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
