/**
 * `@tsbgp/bgp-wire`: a pure, zero-copy BGP-4 and MRT codec. `Uint8Array` in, plain values out;
 * no Node.js APIs (file reading lives in `@tsbgp/bgp-wire/node`).
 *
 * @packageDocumentation
 * @module @tsbgp/bgp-wire
 */
export * from "./constants.js";
export * from "./errors.js";
export * from "./context.js";
export * from "./writer.js";
export type * from "./types/address.js";
export type * from "./types/attributes.js";
export type * from "./types/capabilities.js";
export type * from "./types/messages.js";
export * from "./nlri/index.js";
export * from "./attributes/index.js";
export * from "./message/index.js";
export * from "./mrt/index.js";
