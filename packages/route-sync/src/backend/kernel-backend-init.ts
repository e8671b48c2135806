/**
 * The options of the kernel backend ({@link openKernelBackend}).
 * @module
 */
import type { AckMode } from "../netlink/rtnl-client.js";
import type { TransportFactory } from "../transport/transport.js";
import type { DEFAULT_PROTOCOL } from "./backend.js";
import type { openKernelBackend } from "./kernel-backend.js";

/** Options of {@link openKernelBackend}. */
export interface KernelBackendInit {
  /** Protocol for routes that do not set one. Default {@link DEFAULT_PROTOCOL}. */
  readonly protocol?: number;
  /** Socket factory; default the native `netlink` socket. Tests inject fakes. */
  readonly transport?: TransportFactory;
  /**
   * Socket factory of the watch (notification) socket. Default: with the native transport, a
   * child process that owns the socket (`forkedWatchTransport`), otherwise `transport`.
   */
  readonly watchTransport?: TransportFactory;
  /** Messages per datagram. Default 256. */
  readonly chunkSize?: number;
  /** Acknowledgement mode of batches. Default `errors` (ACK only closes a chunk; failures always answer). */
  readonly ackMode?: AckMode;
  /** Max unanswered messages; default from the receive buffer. */
  readonly window?: number;
  /**
   * Batches larger than this leave the watch groups while they run and then report an
   * `overrun` to watchers (who resync). Their echoes would overflow the watch socket's receive
   * buffer, and the `netlink` package aborts the process on a receive overrun. Default 2000,
   * lowered to what the watch socket's receive buffer holds.
   */
  readonly watchPauseThreshold?: number;
  /**
   * Install gateway routes through kernel nexthop objects (`RTM_NEWNEXTHOP`, then routes with
   * `RTA_NH_ID`; Linux 5.3+): one object per distinct (gateway, device, onlink) and one group
   * per ECMP set, owned by our protocol and shared by every route using it. The kernel then
   * skips the per-route next hop setup, which cuts its system time per installed route by about 40%.
   * Routes that cannot use one (no gateway, gateway not on a connected subnet) go out plain,
   * and so does everything when the kernel refuses nexthop objects. Default true.
   */
  readonly nexthopObjects?: boolean;
  /** First id tried for our nexthop objects. Default `protocol * 65536 + 1`. */
  readonly nexthopIdBase?: number;
  /**
   * Nexthop objects no route uses any more are deleted at most this often (ms), after batches
   * that removed or replaced routes; `collectNexthops()` does it at once. Default 30 000.
   */
  readonly nexthopGcIntervalMs?: number;
}
