export * from "./decode.js";
export * from "./encode.js";
export * from "./normalize-as4.js";
export * from "./copy.js";
export * from "./community-format.js";
export { ATTRIBUTE_DESCRIPTORS, attributeDescriptor } from "./table.js";
export type { AttrDescriptor, AttrSlice } from "./descriptor.js";
export { decodeAsPathSegments, encodeAsPathSegments } from "./as-path.js";
export { isModelledFamily } from "./mp-nlri.js";
