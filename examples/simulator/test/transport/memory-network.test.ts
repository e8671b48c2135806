import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock/virtual-clock.js";
import { MemoryNetwork } from "../../src/transport/memory-network.js";
import type { MemorySocket } from "../../src/transport/memory-socket.js";

const tick = () => new Promise((r) => setImmediate(r));

/** Fires every due timer, letting stream callbacks run between instants. */
async function run(clock: VirtualClock): Promise<void> {
  for (;;) {
    await tick();
    if (clock.fireNext() === 0) break;
  }
  await tick();
}

/** A BGP KEEPALIVE: marker, length 19, type 4. */
const KEEPALIVE = Uint8Array.from([...new Array(16).fill(0xff), 0, 19, 4]);

function setup(latencyMs = 3) {
  const clock = new VirtualClock();
  const net = new MemoryNetwork({ clock, latencyMs, port: 179 });
  const accepted: MemorySocket[] = [];
  net.listen("198.19.0.2", (from, s: Socket) => {
    expect(from).toBe("198.19.0.1");
    accepted.push(s as unknown as MemorySocket);
    return true;
  });
  return { clock, net, accepted };
}

describe("MemoryNetwork", () => {
  it("connects after one latency and delivers bytes in order, counted by message type", async () => {
    const { clock, net, accepted } = setup();
    const c = net.connect("198.19.0.1", { host: "198.19.0.2", port: 179, localAddress: "198.19.0.1" });
    let connectedAt = -1;
    c.on("connect", () => {
      connectedAt = clock.now();
    });
    await run(clock);
    expect(connectedAt).toBe(3);
    expect(accepted).toHaveLength(1);
    const s = accepted[0]!;
    expect([s.remoteAddress, s.localAddress, s.localPort]).toEqual(["198.19.0.1", "198.19.0.2", 179]);
    const got: number[] = [];
    s.on("data", (d: Buffer) => got.push(d[18]!, clock.now()));
    c.write(KEEPALIVE);
    c.write(Uint8Array.from([...KEEPALIVE.subarray(0, 18), 4]));
    await run(clock);
    expect(got).toEqual([4, 6, 4, 6]);
    expect(net.traffic.snapshot()).toMatchObject({ messages: 2, bytes: 38, byType: { KEEPALIVE: 2 } });
    expect(net.traffic.updatesIn.size).toBe(0);
  });

  it("refuses a connection to an address nobody listens on", async () => {
    const { clock, net } = setup();
    const c = net.connect("198.19.0.1", { host: "198.19.0.9", port: 179 });
    const errors: string[] = [];
    c.on("error", (e: NodeJS.ErrnoException) => errors.push(e.code ?? ""));
    await run(clock);
    expect(errors).toEqual(["ECONNREFUSED"]);
  });

  it("end() closes both ends cleanly; resetLinks() resets every connection of a node", async () => {
    const { clock, net, accepted } = setup();
    const c1 = net.connect("198.19.0.1", { host: "198.19.0.2", port: 179 });
    await run(clock);
    const closed: string[] = [];
    c1.on("close", () => closed.push("client"));
    accepted[0]!.on("close", () => closed.push("server"));
    accepted[0]!.on("end", () => accepted[0]!.end());
    c1.resume();
    accepted[0]!.resume();
    c1.end();
    await run(clock);
    expect(closed.sort()).toEqual(["client", "server"]);
    expect(net.openSockets).toBe(0);

    const c2 = net.connect("198.19.0.1", { host: "198.19.0.2", port: 179 });
    await run(clock);
    const errors: string[] = [];
    c2.on("error", (e: NodeJS.ErrnoException) => errors.push(`client ${e.code}`));
    accepted[1]!.on("error", (e: NodeJS.ErrnoException) => errors.push(`server ${e.code}`));
    expect(net.resetLinks("198.19.0.2")).toBe(1);
    await run(clock);
    expect(errors.sort()).toEqual(["client ECONNRESET", "server ECONNRESET"]);
  });

  it("a silenced node neither answers connects nor receives anything", async () => {
    const { clock, net, accepted } = setup();
    const c = net.connect("198.19.0.1", { host: "198.19.0.2", port: 179 });
    await run(clock);
    const got: Buffer[] = [];
    accepted[0]!.on("data", (d: Buffer) => got.push(d));
    net.silence("198.19.0.2");
    c.write(KEEPALIVE);
    const late = net.connect("198.19.0.1", { host: "198.19.0.2", port: 179 });
    const events: string[] = [];
    late.on("connect", () => events.push("connect"));
    late.on("error", () => events.push("error"));
    await run(clock);
    expect(got).toEqual([]);
    expect(events).toEqual([]);
    expect(net.traffic.snapshot().messages).toBe(0);
  });
});
