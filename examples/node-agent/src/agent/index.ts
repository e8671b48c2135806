export * from "./node-agent.js";
export * from "./peer-link.js";
export * from "./kernel-routes.js";
export * from "./block-guard.js";
export * from "./metrics.js";
export * from "./logger.js";
export * from "./status.js";
export * from "./http-server.js";
