/**
 * rtnetlink request engine: sequence numbers, dumps, and pipelined batches with per-message
 * results. A batch is cut into chunks sent as one datagram each; the kernel handles a datagram's
 * messages in order and answers each failed one with NLMSG_ERROR (RFC 3549 §2.3.2.2), so a
 * chunk is done when its last message is acknowledged, and earlier silent messages succeeded.
 * @module
 */
import { RouteSyncError } from "../errors.js";
import type { NetlinkTransport, TransportFactory } from "../transport/transport.js";
import { NlmFlags, NlMsgType } from "./constants.js";
import { type NlMessage, readAck, readMessages } from "./nl-reader.js";
import { NlWriter } from "./nl-writer.js";

/** How a batch asks for acknowledgements. */
export const AckMode = {
  /** NLM_F_ACK on every message: one answer per route (what `ip -batch` gets). */
  EACH: "each",
  /** NLM_F_ACK on the last message of each chunk only; failures are still answered one by one. */
  ERRORS: "errors",
} as const;
/** One of {@link AckMode}'s values. */
export type AckMode = (typeof AckMode)[keyof typeof AckMode];

/** Options of {@link RtnlClient}. */
export interface RtnlClientInit {
  /** Messages per datagram. Default 256. */
  readonly chunkSize?: number;
  /** Max messages awaiting an answer; default derived from the receive buffer. */
  readonly window?: number;
  /** Default {@link AckMode}. Default `errors`. */
  readonly ackMode?: AckMode;
  /** Milliseconds to wait for the answer to a chunk or dump. Default 30 000. */
  readonly timeoutMs?: number;
  /** Multicast groups to join (a watch socket); notifications go to `onNotification`. */
  readonly groups?: readonly number[];
  /** Called for every message that is not an answer to us (seq 0 or unknown). */
  readonly onNotification?: (m: NlMessage) => void;
  /** Called on a socket error not tied to a request (e.g. ENOBUFS overrun on a watch socket). */
  readonly onError?: (e: RouteSyncError) => void;
}

/** One message of a batch: writes itself with the given seq and NLM_F_* flags. */
export type BatchItem = (w: NlWriter, seq: number, ackFlag: number) => void;

/** Writes message `index` of a batch with the given seq and NLM_F_* flags. */
export type IndexedItem = (index: number, w: NlWriter, seq: number, ackFlag: number) => void;

interface Chunk {
  readonly first: number;
  readonly last: number;
  readonly results: Int32Array;
  readonly offset: number;
  readonly done: () => void;
  readonly fail: (e: RouteSyncError) => void;
}

interface Dump {
  readonly messages: NlMessage[];
  interrupted: boolean;
  readonly resolve: (m: { messages: NlMessage[]; interrupted: boolean }) => void;
  readonly reject: (e: RouteSyncError) => void;
}

/** A NETLINK_ROUTE socket with request/answer bookkeeping. */
export class RtnlClient {
  private transport!: NetlinkTransport;
  private seq = Math.floor(Math.random() * 0x7fff_0000) + 1;
  private readonly chunks = new Map<number, Chunk>();
  private readonly writers: NlWriter[] = [];
  private readonly dumps = new Map<number, Dump>();
  private readonly chunkSize: number;
  private window: number;
  private readonly ackMode: AckMode;
  private readonly timeoutMs: number;
  private closed = false;

  private constructor(private readonly init: RtnlClientInit) {
    this.chunkSize = init.chunkSize ?? 256;
    this.window = init.window ?? 0;
    this.ackMode = init.ackMode ?? AckMode.ERRORS;
    this.timeoutMs = init.timeoutMs ?? 30_000;
  }

  /** Opens a client over a fresh transport. */
  static async open(factory: TransportFactory, init: RtnlClientInit = {}): Promise<RtnlClient> {
    const c = new RtnlClient(init);
    c.transport = await factory({ message: (d) => c.receive(d), error: (e) => c.socketError(e) });
    // Await the joins: a change made before the socket listens would never be seen.
    for (const g of init.groups ?? []) await c.transport.addMembership(g);
    if (!init.groups?.length) c.transport.unref();
    if (!c.window) {
      // An answer costs up to ~1 KiB of receive buffer (skb truesize); budget 2 KiB so unread
      // answers always fit: an overrun loses answers (and aborts the process in `netlink` 0.3).
      c.window = Math.max(c.chunkSize, Math.floor(c.transport.recvBufferSize() / 2048));
    }
    return c;
  }

  /** Reserves `n` consecutive sequence numbers (never 0, which marks notifications). */
  private nextSeq(n = 1): number {
    if (this.seq + n > 0xffff_fff0) this.seq = 1;
    const s = this.seq;
    this.seq += n;
    return s;
  }

  private receive(datagram: Uint8Array): void {
    try {
      for (const m of readMessages(datagram)) this.dispatch(m);
    } catch (e) {
      this.init.onError?.(e as RouteSyncError);
    }
  }

  private dispatch(m: NlMessage): void {
    const dump = this.dumps.get(m.seq);
    if (dump) {
      if (m.type === NlMsgType.DONE) {
        this.dumps.delete(m.seq);
        dump.resolve(dump);
      } else if (m.type === NlMsgType.ERROR) {
        this.dumps.delete(m.seq);
        const { errno } = readAck(m);
        // errno 0 is the ACK closing a single (non-dump) query: its answer came before it.
        if (errno === 0) dump.resolve(dump);
        else dump.reject(RouteSyncError.fromErrno(errno, { op: "dump" }));
      } else {
        if (m.flags & NlmFlags.DUMP_INTR) dump.interrupted = true;
        dump.messages.push(m);
      }
      return;
    }
    if (m.type === NlMsgType.ERROR) {
      const ack = readAck(m);
      const chunk = this.chunks.get(ack.seq) ?? this.findChunk(ack.seq);
      if (chunk) {
        chunk.results[chunk.offset + (ack.seq - chunk.first)] = ack.errno;
        if (ack.seq === chunk.last) {
          this.chunks.delete(chunk.last);
          chunk.done();
        }
        return;
      }
    }
    if (m.seq === 0 || m.type !== NlMsgType.ERROR) this.init.onNotification?.(m);
  }

  private findChunk(seq: number): Chunk | undefined {
    for (const c of this.chunks.values()) if (seq >= c.first && seq <= c.last) return c;
    return undefined;
  }

  private socketError(e: RouteSyncError): void {
    if (e.errnoName === "ENOBUFS" && (this.chunks.size || this.dumps.size)) {
      // Answers were dropped: the outcome of everything in flight is unknown. Say so.
      const lost = new RouteSyncError("TRANSPORT", "netlink receive buffer overrun: answers lost", {
        errno: e.errno ?? 105,
      });
      for (const c of this.chunks.values()) c.fail(lost);
      for (const d of this.dumps.values()) d.reject(lost);
      this.chunks.clear();
      this.dumps.clear();
    }
    this.init.onError?.(e);
  }

  /**
   * Sends `items` pipelined and returns one errno per item (0 = success), in order.
   * At most `window` messages are unanswered at any time.
   */
  batch(items: readonly BatchItem[], ackMode: AckMode = this.ackMode): Promise<Int32Array> {
    return this.batchOf(items.length, (i, w, seq, ack) => items[i]!(w, seq, ack), ackMode);
  }

  /**
   * Like {@link batch}, for `count` messages written by `write(index, w, seq, ackFlag)`: no
   * closure per message, which matters at 100,000 routes.
   */
  async batchOf(count: number, write: IndexedItem, ackMode: AckMode = this.ackMode): Promise<Int32Array> {
    this.assertOpen();
    const results = new Int32Array(count);
    const perChunk = Math.max(1, Math.floor(this.window / this.chunkSize));
    let next = 0;
    const inflight = new Set<Promise<void>>();
    while (next < count || inflight.size) {
      while (next < count && inflight.size < perChunk) {
        const n = Math.min(this.chunkSize, count - next);
        const p = this.sendChunk(write, next, n, results, ackMode);
        inflight.add(p);
        p.finally(() => inflight.delete(p)).catch(() => {});
        next += n;
      }
      await Promise.race(inflight);
    }
    return results;
  }

  private sendChunk(
    write: IndexedItem,
    offset: number,
    n: number,
    results: Int32Array,
    ackMode: AckMode,
  ): Promise<void> {
    const first = this.nextSeq(n);
    // Writers are reused once the socket has sent their bytes (the send callback): allocating a
    // fresh buffer per chunk costs more than encoding at 100,000 routes.
    const w = this.writers.pop() ?? new NlWriter(this.chunkSize * 96);
    w.reset();
    for (let i = 0; i < n; i++) {
      const ack = ackMode === AckMode.EACH || i === n - 1 ? NlmFlags.ACK : 0;
      write(offset + i, w, first + i, ack);
    }
    const last = first + n - 1;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.chunks.delete(last);
        reject(new RouteSyncError("TIMEOUT", `no answer from the kernel in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const settle = (f: () => void): void => {
        clearTimeout(timer);
        f();
      };
      this.chunks.set(last, {
        first,
        last,
        results,
        offset,
        done: () => settle(resolve),
        fail: (e) => settle(() => reject(e)),
      });
      this.transport.send(w.bytes()).then(
        () => {
          if (this.writers.length < 64) this.writers.push(w);
        },
        (e: RouteSyncError) => {
          this.chunks.delete(last);
          settle(() => reject(e));
        },
      );
    });
  }

  /**
   * Sends one request written by `write(w, seq)` with NLM_F_ACK (e.g. an RTM_GETROUTE for one
   * address) and returns the messages answered before the ACK. Rejects with the kernel's errno.
   */
  async query(write: (w: NlWriter, seq: number) => void): Promise<NlMessage[]> {
    return this.dump(write, 0);
  }

  /** Runs a dump request written by `write(w, seq)`; retries when the kernel flags it interrupted. */
  async dump(write: (w: NlWriter, seq: number) => void, retries = 3): Promise<NlMessage[]> {
    for (let attempt = 0; ; attempt++) {
      this.assertOpen();
      const seq = this.nextSeq();
      const w = new NlWriter(64);
      write(w, seq);
      const res = await new Promise<{ messages: NlMessage[]; interrupted: boolean }>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.dumps.delete(seq);
          reject(new RouteSyncError("TIMEOUT", `dump not finished in ${this.timeoutMs} ms`));
        }, this.timeoutMs);
        this.dumps.set(seq, {
          messages: [],
          interrupted: false,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        this.transport.send(w.bytes()).catch((e: RouteSyncError) => {
          this.dumps.delete(seq);
          clearTimeout(timer);
          reject(e);
        });
      });
      // NLM_F_DUMP_INTR: the table changed during the dump; a consistent copy needs a retry.
      if (!res.interrupted || attempt >= retries) return res.messages;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new RouteSyncError("CLOSED", "rtnetlink client closed");
  }

  /** Receive buffer size the kernel granted, in bytes. */
  recvBufferSize(): number {
    return this.transport.recvBufferSize();
  }

  /** Leaves the multicast groups given at open (stops notifications). */
  async pauseGroups(): Promise<void> {
    for (const g of this.init.groups ?? []) await this.transport.dropMembership(g);
  }

  /** Joins the multicast groups given at open again. */
  async resumeGroups(): Promise<void> {
    for (const g of this.init.groups ?? []) await this.transport.addMembership(g);
  }

  /** Closes the socket; pending requests fail with CLOSED. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const e = new RouteSyncError("CLOSED", "rtnetlink client closed");
    for (const c of this.chunks.values()) c.fail(e);
    for (const d of this.dumps.values()) d.reject(e);
    this.chunks.clear();
    this.dumps.clear();
    this.transport.close();
  }
}
