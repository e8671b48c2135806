/**
 * `@tsbgp/bgp-wire/node`: the Node.js-only helpers of the codec (file reading and
 * decompression). The main entry point stays free of `node:` imports.
 *
 * @packageDocumentation
 * @module @tsbgp/bgp-wire/node
 */
export * from "./read-mrt-file.js";
export * from "./compression.js";
