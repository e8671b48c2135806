/**
 * @packageDocumentation
 * `@tsbgp/example-node-agent`: a Calico-style BGP node agent (full mesh, route reflector,
 * reflector client) and the network-namespace demo cluster.
 */
export * from "./errors.js";
export * from "./config/index.js";
export * from "./agent/index.js";
export * from "./cluster/index.js";
export * from "./demo/index.js";
