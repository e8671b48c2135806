/** MRT (RFC 6396, RFC 8050): record types, decoders and readers. */
export * from "./constants.js";
export * from "./mrt-error.js";
export type * from "./types.js";
export { decodeMrtRecord, mrtRecordSize } from "./record.js";
export * from "./reader.js";
export * from "./stream-decoder.js";
export * from "./bgp-content.js";
