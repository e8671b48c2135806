export * from "./address.js";
export type * from "./peer-config.js";
export { validateSpeakerConfig, parseFamily } from "./validate.js";
