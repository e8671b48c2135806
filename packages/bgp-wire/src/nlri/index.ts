export * from "./decode.js";
export * from "./encode.js";
export * from "../prefix-format.js";
