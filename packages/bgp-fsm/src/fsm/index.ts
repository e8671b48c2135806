export * from "./actions.js";
export * from "./backoff.js";
export * from "./config.js";
export * from "./damping.js";
export * from "./events.js";
export * from "./fsm-state.js";
export * from "./states.js";
export * from "./step.js";
