export * from "./cluster-config.js";
export * from "./agent-command.js";
export * from "./in-process.js";
export * from "./netns-run.js";
export { runDemo, type DemoOptions } from "./main.js";
