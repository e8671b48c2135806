export * from "./advertise.js";
export * from "./negotiate.js";
export type * from "./negotiated.js";
