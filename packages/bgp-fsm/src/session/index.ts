export * from "./clock.js";
export { collisionWinner } from "./collision.js";
export type { ConnectionOrigin } from "./connection.js";
export { SessionCounters, type MessageCounts } from "./counters.js";
export type * from "./events.js";
export { GracefulRestartHelper, STALE_PATH_TIME, type GracefulRestartSink } from "./graceful-restart.js";
export { shutdownCommunicationData } from "./shutdown-message.js";
export { LocalRestartState } from "./local-restart.js";
export {
  BgpSession,
  type BgpSessionComponents,
  type BgpSessionInit,
  type RestartStopOptions,
} from "./session.js";
export { BgpSpeaker } from "./speaker.js";
