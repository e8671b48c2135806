/** A scripted BGP peer on a raw socket, for tests that need exact control of the other side. */
import { type Server, type Socket, connect, createServer } from "node:net";
import {
  ASN4_CONTEXT,
  type BgpMessage,
  type CodecContext,
  MessageFramer,
  decodeMessage,
  encodeMessage,
} from "@tsbgp/bgp-wire";
import { buildOpen, type LocalOpenParams } from "../../src/index.js";

/** One scripted connection. */
export class FakePeer {
  readonly received: BgpMessage[] = [];
  private readonly framer = new MessageFramer({ maxMessageLength: 65535 });
  private waiters: { type: string; resolve: (m: BgpMessage) => void }[] = [];
  private seen = 0;
  readonly closed: Promise<void>;
  ctx: CodecContext = ASN4_CONTEXT;

  constructor(readonly socket: Socket) {
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      for (const m of this.framer.push(chunk)) {
        const msg = decodeMessage(m.slice(), this.ctx);
        this.received.push(msg);
        this.wake();
      }
    });
    this.closed = new Promise((r) => socket.once("close", () => r()));
  }

  /** Connects to host:port, optionally from `localAddress`. */
  static connect(host: string, port: number, localAddress?: string): Promise<FakePeer> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port, ...(localAddress ? { localAddress } : {}) });
      s.once("error", reject);
      s.once("connect", () => resolve(new FakePeer(s)));
    });
  }

  /** Sends a message. */
  send(msg: BgpMessage): void {
    this.socket.write(encodeMessage(msg, this.ctx));
  }
  /** Sends raw bytes. */
  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }
  /** Sends an OPEN built from `p`. */
  sendOpen(p: LocalOpenParams): void {
    this.send(buildOpen(p));
  }

  /** The next received message of `type` not yet returned by `next`. */
  next(type: BgpMessage["type"], ms = 10_000): Promise<BgpMessage> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms`)), ms);
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
      });
      this.wake();
    });
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.seen < this.received.length) {
      const w = this.waiters[0]!;
      const idx = this.received.findIndex((m, i) => i >= this.seen && m.type === w.type);
      if (idx < 0) return;
      this.seen = idx + 1;
      this.waiters.shift();
      w.resolve(this.received[idx]!);
    }
  }

  /** Closes the socket. */
  destroy(): void {
    this.socket.destroy();
  }
}

/** A listening fake peer; `accepted` yields each incoming connection. */
export class FakeListener {
  private queue: FakePeer[] = [];
  private waiting: ((p: FakePeer) => void)[] = [];
  readonly all: FakePeer[] = [];
  private constructor(readonly server: Server) {
    server.on("connection", (s) => {
      const p = new FakePeer(s);
      this.all.push(p);
      const w = this.waiting.shift();
      if (w) w(p);
      else this.queue.push(p);
    });
  }

  /** Listens on host:port (0 = any free port). */
  static async listen(host: string, port = 0): Promise<FakeListener> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(port, host, () => r()));
    return new FakeListener(server);
  }
  /** The listening port. */
  get port(): number {
    return (this.server.address() as { port: number }).port;
  }
  /** The next accepted connection. */
  accept(): Promise<FakePeer> {
    const p = this.queue.shift();
    if (p) return Promise.resolve(p);
    return new Promise((r) => this.waiting.push(r));
  }
  /** Closes everything. */
  async close(): Promise<void> {
    for (const p of this.all) p.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Options for {@link establishWithFake}. */
export interface FakeSessionOptions {
  readonly peer?: Partial<import("../../src/index.js").PeerConfig>;
  readonly clock?: import("../../src/index.js").Clock;
  readonly open?: Partial<LocalOpenParams>;
  readonly fakeAddress?: string;
  readonly listener?: FakeListener;
}

/**
 * Our speaker (AS 65001, 1.1.1.1, outgoing only) with one peer played by a {@link FakePeer}
 * (AS 65002, 2.2.2.2), brought to Established.
 */
export async function establishWithFake(o: FakeSessionOptions = {}) {
  const { BgpSpeaker } = await import("../../src/index.js");
  const { waitState } = await import("./loopback-helpers.js");
  const address = o.fakeAddress ?? "127.0.0.2";
  const fake = o.listener ?? (await FakeListener.listen(address));
  const speaker = new BgpSpeaker(
    {
      localAs: 65001,
      routerId: "1.1.1.1",
      peers: [{ address, port: fake.port, peerAs: 65002, localAddress: "127.0.0.1", ...o.peer }],
    },
    o.clock ? { clock: o.clock } : {},
  );
  const session = speaker.sessions[0]!;
  await speaker.start();
  const conn = await fake.accept();
  await conn.next("OPEN");
  conn.sendOpen({ localAs: 65002, routerId: 0x02020202, holdTime: 90, ...o.open });
  conn.send({ type: "KEEPALIVE" });
  await waitState(session, "Established");
  return { speaker, session, fake, conn };
}
