/**
 * Child process that owns the watch (multicast) netlink socket, started by
 * {@link forkedWatchTransport}. It only reads: every datagram goes to stdout framed as a u32
 * length (little-endian) + bytes; a zero-length frame means "ready" after start and "done"
 * after each `add <group>` / `drop <group>` line read from stdin. Living in its own process, its event loop is never
 * blocked by the agent's work, and a native abort on a receive overrun (a bug of `netlink` 0.3)
 * only ends this process; the parent then resyncs and starts a new one.
 * @module
 */
import { Socket } from "node:net";
import { createInterface } from "node:readline";

interface Raw {
  on(event: "message", fn: (msg: Buffer) => void): void;
  on(event: "error", fn: (e: unknown) => void): void;
  addMembership(g: number): void;
  dropMembership(g: number): void;
}

async function main(): Promise<void> {
  const mod = (await import("netlink")) as unknown as {
    default?: { RawNetlinkSocket: new (p: number, o: object) => Raw };
    RawNetlinkSocket?: new (p: number, o: object) => Raw;
  };
  const Raw = (mod.default ?? mod).RawNetlinkSocket!;
  const sock = new Raw(0, { recvBufferSize: 4 << 20, sendBufferSize: 64 << 10 });
  const groups = (process.argv[2] ?? "").split(",").filter(Boolean).map(Number);
  for (const g of groups) sock.addMembership(g);

  // process.stdout on a pipe is blocking on Linux: a busy parent would stall this reader and
  // overrun the netlink socket. A non-blocking stream on fd 1 queues in memory instead.
  const out = new Socket({ fd: 1, readable: false, writable: true });
  const frame = (payload: Uint8Array): void => {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(payload.length, 0);
    out.write(Buffer.concat([head, payload]));
  };
  sock.on("message", (msg) => frame(msg));
  sock.on("error", () => process.exit(3)); // lost notifications: let the parent resync
  frame(new Uint8Array(0));

  createInterface({ input: process.stdin })
    .on("line", (line) => {
      const [cmd, arg] = line.split(" ");
      if (cmd === "add") sock.addMembership(Number(arg));
      else if (cmd === "drop") sock.dropMembership(Number(arg));
      frame(new Uint8Array(0)); // done: the parent awaits this before relying on it
    })
    .on("close", () => process.exit(0)); // parent gone or closed us
}

main().catch((e: unknown) => {
  process.stderr.write(`route-sync watch child: ${String(e)}\n`);
  process.exit(2);
});
