/**
 * @packageDocumentation
 * `@tsbgp/bgp-wire/node`: the Node.js-only helpers of the codec (file reading and
 * decompression). The main entry point stays free of `node:` imports.
 */
export * from "./read-mrt-file.js";
export * from "./compression.js";
