/** Address families the drivers can configure. */
export type Family = "ipv4" | "ipv6";

/** ORIGIN attribute values (RFC 4271 §5.1.1), lower case. */
export type Origin = "igp" | "egp" | "incomplete";

/** BGP FSM state names (RFC 4271 §8.2.2); daemons may report other strings (e.g. BIRD `Down`). */
export type PeerState =
  | "Idle"
  | "Connect"
  | "Active"
  | "OpenSent"
  | "OpenConfirm"
  | "Established"
  | (string & {});

/** Graceful restart settings (RFC 4724). */
export interface GracefulRestartSpec {
  /** Restart time advertised in the capability, seconds (default 120). */
  readonly restartTime?: number;
}

/** One BGP neighbour of a daemon. */
export interface NeighborSpec {
  /** The neighbour's address (IPv4 or IPv6), also the session's identity. */
  readonly address: string;
  /** The neighbour's AS. Equal to `localAs` means iBGP. */
  readonly remoteAs: number;
  /** Only accept connections, never connect. */
  readonly passive?: boolean;
  /** TCP port to connect to on the neighbour (default 179). */
  readonly port?: number;
  /** Force iBGP handling; normally derived from `remoteAs === localAs`. */
  readonly ibgp?: boolean;
  /** Treat as route-reflector client (RFC 4456 §6). iBGP only. */
  readonly rrClient?: boolean;
  /** Families to negotiate (default: the family of `address`). */
  readonly families?: readonly Family[];
  /** Advertise graceful restart (RFC 4724): `true` for defaults. */
  readonly gracefulRestart?: boolean | GracefulRestartSpec;
  /** Hold time in seconds (default 90); keepalive is a third of it (RFC 4271 §10). */
  readonly holdTime?: number;
  /** Local address for the session (default: chosen by the kernel). */
  readonly localAddress?: string;
}

/** A route the daemon originates. */
export interface Announcement {
  /** Prefix in CIDR notation, IPv4 or IPv6. */
  readonly prefix: string;
  /** NEXT_HOP to send (default: the daemon's own session address). */
  readonly nextHop?: string;
  /** Standard communities as `"asn:value"` (RFC 1997). */
  readonly communities?: readonly string[];
  /** Large communities as `"global:local1:local2"` (RFC 8092). */
  readonly largeCommunities?: readonly string[];
  /** MULTI_EXIT_DISC (RFC 4271 §5.1.4). */
  readonly med?: number;
  /** LOCAL_PREF, sent on iBGP only (RFC 4271 §5.1.5). */
  readonly localPref?: number;
  /** ORIGIN (default igp). */
  readonly origin?: Origin;
  /** ASNs to put in front of the daemon's own AS (prepended path), left to right. */
  readonly asPathPrepend?: readonly number[];
}

/** Options common to every daemon driver. */
export interface DaemonOptions {
  /** BGP identifier (an IPv4 address). */
  readonly routerId: string;
  /** Local AS. */
  readonly localAs: number;
  /** Sessions to configure. */
  readonly neighbors: readonly NeighborSpec[];
  /** Routes to originate. */
  readonly announce?: readonly Announcement[];
  /** TCP port the daemon listens on (default 179). */
  readonly listenPort?: number;
  /** Route-reflector cluster id (default: the router id). */
  readonly clusterId?: string;
  /** Text appended verbatim to the generated configuration. */
  readonly extraConfig?: string;
  /** How long `start()` waits for the daemon to be ready (default 20000 ms). */
  readonly startTimeoutMs?: number;
}

/** A path as a daemon holds it, normalized across daemons. */
export interface DaemonRoute {
  /** Prefix in CIDR notation as the daemon prints it. */
  readonly prefix: string;
  /** NEXT_HOP (global address for IPv6); `0.0.0.0` / `::` for a locally originated route without one. */
  readonly nextHop: string;
  /** AS_PATH flattened (sets are expanded in order). */
  readonly asPath: readonly number[];
  /** ORIGIN. */
  readonly origin: Origin;
  /** MULTI_EXIT_DISC, if present. */
  readonly med?: number;
  /** LOCAL_PREF, if present. */
  readonly localPref?: number;
  /** Standard communities as `"asn:value"`. */
  readonly communities: readonly string[];
  /** Large communities as `"global:local1:local2"`. */
  readonly largeCommunities: readonly string[];
  /** ORIGINATOR_ID (RFC 4456), if present. */
  readonly originatorId?: string;
  /** CLUSTER_LIST (RFC 4456), if present. */
  readonly clusterList?: readonly string[];
  /** Address of the neighbour the path was learned from; absent for local routes. */
  readonly fromPeer?: string;
  /** Whether the daemon selected this path as best for the prefix. */
  readonly best: boolean;
}

/** The uniform interface of every daemon driver. */
export interface BgpDaemon {
  /** Which daemon this is. */
  readonly kind: "bird" | "frr" | "gobgp" | "exabgp";
  /** The options it was started with. */
  readonly options: DaemonOptions;
  /** Directory with its config, sockets and logs. */
  readonly workdir: string;
  /** PIDs of its running processes. */
  pids(): number[];
  /** All paths the daemon holds (for ExaBGP: what its peers announced to it). */
  routes(): Promise<DaemonRoute[]>;
  /** State of the session with `address`. */
  peerState(address: string): Promise<PeerState>;
  /** Wait until the session with `address` is Established (default 20 s, under vitest's 30 s test timeout). */
  waitEstablished(address: string, timeoutMs?: number): Promise<void>;
  /** Wait until some path satisfies `match`, and return it (default 15 s). */
  waitForRoute(match: RouteMatch, timeoutMs?: number): Promise<DaemonRoute>;
  /**
   * Originate a route now, or replace the attributes of one already announced with the same
   * prefix. Also kept for {@link BgpDaemon.restart}.
   */
  announce(route: Announcement): Promise<void>;
  /** Stop originating `prefix` (announced at start or with {@link BgpDaemon.announce}). */
  withdraw(prefix: string): Promise<void>;
  /** SIGSTOP the daemon's processes (a frozen peer: no keepalives, for hold-timer tests). */
  pause(): void;
  /** SIGCONT after {@link BgpDaemon.pause}. */
  resume(): void;
  /** Stop and start again with the same configuration and work directory. */
  restart(): Promise<void>;
  /** Stop the daemon's processes (SIGTERM, then SIGKILL), by PID. */
  stop(): Promise<void>;
  /** The daemon's log output so far (for failure messages). */
  logs(): Promise<string>;
}

/** What {@link BgpDaemon.waitForRoute} looks for: a prefix and optionally more. */
export interface RouteMatch {
  readonly prefix: string;
  readonly fromPeer?: string;
  readonly best?: boolean;
  /** Extra condition, e.g. `(r) => r.communities.includes("65001:1")`. */
  readonly where?: (route: DaemonRoute) => boolean;
}
