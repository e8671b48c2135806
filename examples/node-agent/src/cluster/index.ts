export * from "./addressing.js";
export * from "./cali-name.js";
export * from "./container.js";
export * from "./cluster.js";
export * from "./reachability.js";
export * from "./static-routes.js";
