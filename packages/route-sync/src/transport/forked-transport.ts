/**
 * A watch-only {@link NetlinkTransport} whose socket lives in a child process
 * (`watch-child`). Used for route notifications so that a burst of changes can neither block
 * behind the agent's own work nor take the agent down (see `watch-child`). If the child dies,
 * a new one is started and an ENOBUFS error tells the client that notifications were lost.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RouteSyncError } from "../errors.js";
import type { NetlinkTransport, TransportFactory, TransportHandlers } from "./transport.js";

const ENOBUFS = 105;

function childCommand(): { script: string; execArgv: string[] } {
  // From source (tsx) the child is a .ts file beside this one; from the build it is a .js file
  // beside the bundle (see tsup.config.ts).
  for (const [name, execArgv] of [
    ["./watch-child.js", []],
    ["./watch-child.ts", ["--import", "tsx"]],
  ] as const) {
    const path = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(path)) return { script: path, execArgv: [...execArgv] };
  }
  throw new RouteSyncError("UNSUPPORTED", "route-sync watch-child script not found");
}

/** Factory of the forked watch transport (Linux only; `send` is not supported). */
export function forkedWatchTransport(): TransportFactory {
  return async (handlers: TransportHandlers): Promise<NetlinkTransport> => {
    const { script, execArgv } = childCommand();
    const groups = new Set<number>();
    /** Resolvers of commands sent to the current child, answered in order. */
    let acks: (() => void)[] = [];
    let child: ChildProcess | undefined;
    let closed = false;

    const start = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const c = spawn(process.execPath, [...execArgv, script, [...groups].join(",")], {
          stdio: ["pipe", "pipe", "inherit"],
        });
        child = c;
        // Commands pending on a dead child are void: the new one starts with `groups` joined.
        for (const a of acks.splice(0)) a();
        acks = [];
        let buf: Buffer = Buffer.alloc(0);
        let ready = false;
        c.stdout!.on("data", (d: Buffer) => {
          buf = buf.length ? Buffer.concat([buf, d]) : d;
          while (buf.length >= 4) {
            const len = buf.readUInt32LE(0);
            if (buf.length < 4 + len) break;
            const msg = buf.subarray(4, 4 + len);
            buf = buf.subarray(4 + len);
            if (len > 0) handlers.message(new Uint8Array(msg));
            else if (!ready) {
              ready = true;
              resolve();
            } else acks.shift()?.();
          }
        });
        c.once("error", (e) => {
          if (!ready) reject(new RouteSyncError("UNSUPPORTED", `cannot start watch child: ${e.message}`));
        });
        c.once("exit", (code) => {
          if (!ready) {
            reject(new RouteSyncError("UNSUPPORTED", `watch child exited at start (code ${code})`));
            return;
          }
          if (closed) return;
          // Notifications were lost while no child listened: restart, then say so.
          start().then(
            () =>
              handlers.error(new RouteSyncError("TRANSPORT", "watch child restarted", { errno: ENOBUFS })),
            (e: RouteSyncError) => handlers.error(e),
          );
        });
      });

    await start();
    const command = (line: string): Promise<void> =>
      new Promise<void>((resolve) => {
        if (closed || !child?.stdin?.writable) return resolve();
        acks.push(resolve);
        child.stdin.write(`${line}\n`);
      });
    return {
      send: () => Promise.reject(new RouteSyncError("UNSUPPORTED", "the watch transport only receives")),
      addMembership: (g) => {
        groups.add(g);
        return command(`add ${g}`);
      },
      dropMembership: (g) => {
        groups.delete(g);
        return command(`drop ${g}`);
      },
      recvBufferSize: () => 4 << 20,
      unref: () => {},
      close: () => {
        if (closed) return;
        closed = true;
        for (const a of acks.splice(0)) a();
        child?.stdin?.end();
      },
    };
  };
}
