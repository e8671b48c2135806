/**
 * @packageDocumentation
 * `@tsbgp/rib`: Adj-RIB-In, Loc-RIB and Adj-RIB-Out, the BGP decision process, import/export
 * policies and RFC 4456 route reflection, over the `@tsbgp/bgp-wire` types.
 */
export * from "./peer.js";
export * from "./change.js";
export * from "./errors.js";
export * from "./prefix-key.js";
export * from "./prefix-table.js";
export * from "./attr-store.js";
export * from "./attr-key.js";
export * from "./as-path.js";
export * from "./route.js";
export * from "./destination.js";
export type { Dest } from "./dest.js";
export * from "./decision/reason.js";
export * from "./decision/options.js";
export * from "./decision/steps.js";
export { rankRoutes, type Selection, selectBest } from "./decision/select.js";
export * from "./import-check.js";
export * from "./update-parts.js";
export * from "./change-stream.js";
export * from "./policy/types.js";
export * from "./rib-types.js";
export * from "./rib.js";
export * from "./export/rules.js";
export * from "./export/update-builder.js";
export * from "./export/adj-rib-out.js";
export * from "./address-text.js";
export * from "./policy/match.js";
export * from "./policy/actions.js";
export * from "./policy/compose.js";
export * from "./policy/loader.js";
export * from "./export/encode.js";
export * from "./int-map.js";
export * from "./masked-key-map.js";
export * from "./attr-hash.js";
export * from "./raw-attr-cache.js";
export * from "./wire-arena.js";
