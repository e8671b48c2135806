export * from "./types.js";
export * from "./ip.js";
export { derivePeers, shouldPeer, compareAddresses, type SelfNode } from "./mesh.js";
export { validateConfig } from "./validate.js";
export { parseConfig, loadConfig } from "./load.js";
