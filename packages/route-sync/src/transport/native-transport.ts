/**
 * {@link NetlinkTransport} over the `netlink` npm package's `RawNetlinkSocket`: a prebuilt N-API
 * addon (no compiler needed at install) that only moves bytes; encoding is ours.
 * @module
 */
import { RouteSyncError } from "../errors.js";
import { NETLINK_ROUTE } from "../netlink/constants.js";
import type { NetlinkTransport, TransportFactory, TransportHandlers } from "./transport.js";

/** Options of {@link nativeTransport}. */
export interface NativeTransportInit {
  /** SO_RCVBUF request in bytes (the kernel caps it at net.core.rmem_max). Default 4 MiB. */
  readonly recvBufferSize?: number;
  /** SO_SNDBUF request in bytes (caps one batch datagram). Default 4 MiB. */
  readonly sendBufferSize?: number;
}

interface RawSocket {
  send(msg: Uint8Array, options: object, cb: (err?: { errno: number }) => void): void;
  on(event: "message", fn: (msg: Buffer) => void): void;
  on(event: "error", fn: (err: { errno: number; message: string }) => void): void;
  addMembership(group: number): void;
  dropMembership(group: number): void;
  getRecvBufferSize(): number;
  unref(): void;
  close(): void;
}

type RawCtor = new (protocol: number, options: object) => RawSocket;

let ctor: Promise<RawCtor> | undefined;

function loadCtor(): Promise<RawCtor> {
  ctor ??= import("netlink").then(
    (mod) => {
      const m = ((mod as { default?: unknown }).default ?? mod) as { RawNetlinkSocket?: RawCtor };
      if (!m.RawNetlinkSocket) throw new Error("netlink package has no RawNetlinkSocket");
      return m.RawNetlinkSocket;
    },
    (e: unknown) => {
      ctor = undefined;
      throw new RouteSyncError(
        "UNSUPPORTED",
        `rtnetlink is not available here (${process.platform}): the netlink native socket failed to load`,
        { cause: e },
      );
    },
  );
  return ctor;
}

function toError(e: { errno?: number; message?: string }, op: string): RouteSyncError {
  if (typeof e.errno === "number") return RouteSyncError.fromErrno(Math.abs(e.errno), { op });
  return new RouteSyncError("TRANSPORT", `${op}: ${e.message ?? String(e)}`, { cause: e });
}

/** Factory for the native NETLINK_ROUTE transport (Linux only). */
export function nativeTransport(init: NativeTransportInit = {}): TransportFactory {
  return async (handlers: TransportHandlers): Promise<NetlinkTransport> => {
    const Raw = await loadCtor();
    let sock: RawSocket;
    try {
      sock = new Raw(NETLINK_ROUTE, {
        recvBufferSize: init.recvBufferSize ?? 4 << 20,
        sendBufferSize: init.sendBufferSize ?? 4 << 20,
      });
    } catch (e) {
      throw toError(e as { errno?: number }, "open netlink socket");
    }
    let closed = false;
    // Never let an exception escape into the native callback: node-addon-api aborts the process.
    const guard = (fn: () => void): void => {
      try {
        fn();
      } catch (e) {
        process.emitWarning(`route-sync: netlink handler threw: ${(e as Error)?.stack ?? String(e)}`);
      }
    };
    sock.on("message", (msg) => guard(() => handlers.message(msg)));
    sock.on("error", (err) => guard(() => handlers.error(toError(err, "netlink receive"))));
    return {
      send: (datagram) =>
        new Promise<void>((resolve, reject) => {
          if (closed) return reject(new RouteSyncError("CLOSED", "netlink socket closed"));
          sock.send(datagram, {}, (err) => (err ? reject(toError(err, "netlink send")) : resolve()));
        }),
      addMembership: (group) => sock.addMembership(group),
      dropMembership: (group) => sock.dropMembership(group),
      recvBufferSize: () => sock.getRecvBufferSize(),
      unref: () => sock.unref(),
      close: () => {
        if (closed) return;
        closed = true;
        sock.close();
      },
    };
  };
}
