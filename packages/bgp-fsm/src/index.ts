/**
 * @packageDocumentation
 * `@tsbgp/bgp-fsm`: the RFC 4271 §8 session state machine as a pure transition function, the
 * OPEN/capability negotiation as a pure function, and a Node.js TCP session and speaker on top.
 */
export * from "./errors.js";
export * from "./fsm/index.js";
export * from "./negotiate/index.js";
export * from "./config/index.js";
export * from "./session/index.js";
