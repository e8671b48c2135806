export { Bird } from "./daemons/bird/bird.js";
export { Frr } from "./daemons/frr/frr.js";
export { ExaBgp } from "./daemons/exabgp/exabgp.js";
export { GoBgp } from "./daemons/gobgp/gobgp.js";
export type {
  Announcement,
  BgpDaemon,
  DaemonOptions,
  DaemonRoute,
  Family,
  GracefulRestartSpec,
  NeighborSpec,
  Origin,
  PeerState,
  RouteMatch,
} from "./daemons/types.js";
export { TestkitError, TestkitErrorCode } from "./errors.js";
export { type ExecResult, type RunOptions, run } from "./exec.js";
export type { Endpoint, Link, Segment } from "./lab/endpoint.js";
export { Host, type HostOwner, type SpawnOptions } from "./lab/host.js";
export { type HostOptions, Lab, type LabOptions } from "./lab/lab.js";
export { subnetContains } from "./lab/subnet.js";
export type { ProcessExit, TrackedProcess } from "./lab/tracked-process.js";
export type { AddressPair, LinkOptions, SegmentOptions } from "./lab/wiring.js";
export { sleep, type WaitOptions, waitFor } from "./wait.js";
