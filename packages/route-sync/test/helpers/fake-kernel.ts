/**
 * A fake NETLINK_ROUTE peer for unit tests: answers requests like the kernel (one NLMSG_ERROR
 * per message that asked for an ACK or failed; dumps as multipart datagrams ending in DONE).
 */
import {
  HOST_LE,
  type NetlinkTransport,
  type NlMessage,
  NlmFlags,
  NlMsgType,
  NlWriter,
  readMessages,
  RouteSyncError,
  type TransportFactory,
  type TransportHandlers,
} from "../../src/index.js";

export interface FakeKernelOptions {
  /** errno (positive) for a request message, 0 = success. */
  readonly answer?: (m: NlMessage) => number;
  /** Messages answering a dump request (their payloads); each datagram holds `perDatagram` of them. */
  readonly dump?: (m: NlMessage) => { type: number; payload: Uint8Array }[];
  readonly perDatagram?: number;
  /** Do not answer at all (timeouts). */
  readonly silent?: boolean;
}

export class FakeKernel {
  readonly datagrams: Uint8Array[] = [];
  /** Highest number of requests sent but not yet answered. */
  maxUnanswered = 0;
  private unanswered = 0;
  handlers: TransportHandlers | undefined;
  readonly memberships: number[] = [];

  constructor(private readonly opts: FakeKernelOptions = {}) {}

  factory: TransportFactory = async (handlers) => {
    this.handlers = handlers;
    const t: NetlinkTransport = {
      send: async (d) => {
        this.datagrams.push(d.slice());
        this.receive(d.slice());
      },
      addMembership: (g) => {
        this.memberships.push(g);
      },
      dropMembership: (g) => {
        this.memberships.splice(this.memberships.indexOf(g), 1);
      },
      recvBufferSize: () => 256 * 1024,
      unref: () => {},
      close: () => {},
    };
    return t;
  };

  private reply(type: number, flags: number, seq: number, payload: Uint8Array): Uint8Array {
    const w = new NlWriter();
    const at = w.beginMessage(type, flags, seq, 0);
    for (const b of payload) w.u8(b);
    w.endMessage(at);
    return w.bytes().slice();
  }

  private ack(m: NlMessage, errno: number): Uint8Array {
    const p = new Uint8Array(4 + 16);
    const v = new DataView(p.buffer);
    v.setInt32(0, -errno, HOST_LE);
    v.setUint32(4, 16 + m.payload.length, HOST_LE);
    v.setUint16(8, m.type, HOST_LE);
    v.setUint16(10, m.flags, HOST_LE);
    v.setUint32(12, m.seq, HOST_LE);
    return this.reply(NlMsgType.ERROR, 0, m.seq, p);
  }

  private receive(d: Uint8Array): void {
    const out: Uint8Array[] = [];
    for (const m of readMessages(d)) {
      this.unanswered++;
      this.maxUnanswered = Math.max(this.maxUnanswered, this.unanswered);
      if ((m.flags & NlmFlags.DUMP) === NlmFlags.DUMP) {
        const items = this.opts.dump?.(m) ?? [];
        const per = this.opts.perDatagram ?? 2;
        for (let i = 0; i < items.length; i += per) {
          const parts = items
            .slice(i, i + per)
            .map((it) => this.reply(it.type, NlmFlags.MULTI, m.seq, it.payload));
          out.push(concat(parts));
        }
        out.push(this.reply(NlMsgType.DONE, NlmFlags.MULTI, m.seq, new Uint8Array(4)));
        continue;
      }
      const errno = this.opts.answer?.(m) ?? 0;
      if (errno || m.flags & NlmFlags.ACK) out.push(this.ack(m, errno));
    }
    if (this.opts.silent) return;
    // Answers arrive later, as separate datagrams, like recvmsg after the kernel queued them.
    setImmediate(() => {
      for (const o of out) {
        for (const _ of readMessages(o)) this.unanswered = Math.max(0, this.unanswered - 1);
        this.handlers?.message(o);
      }
      // Silent successes (no ACK flag) are answered implicitly by the next ACK.
      this.unanswered = 0;
    });
  }

  /** Injects a socket error (e.g. ENOBUFS = 105). */
  fail(errno: number): void {
    this.handlers?.error(RouteSyncError.fromErrno(errno, { op: "netlink receive" }));
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
