import { describe, expect, it } from "vitest";
import {
  AckMode,
  type BatchItem,
  NlmFlags,
  type NlWriter,
  readMessages,
  RtmType,
  RtnlClient,
  viewOf,
} from "../../src/index.js";
import { FakeKernel } from "../helpers/fake-kernel.js";

/** A batch item carrying a number in its payload, so the fake kernel can decide per message. */
const item =
  (n: number): BatchItem =>
  (w, seq, ack) => {
    const at = w.beginMessage(RtmType.NEWROUTE, NlmFlags.REQUEST | ack, seq);
    w.u32(n);
    w.endMessage(at);
  };
const numberOf = (payload: Uint8Array) => viewOf(payload).getUint32(0, true);

describe("RtnlClient.batch", () => {
  it.each([AckMode.EACH, AckMode.ERRORS])(
    "returns one errno per message in order (ack mode %s)",
    async (mode) => {
      // Every 7th message fails with ENETUNREACH, every 11th with ENODEV.
      const kernel = new FakeKernel({
        answer: (m) => {
          const n = numberOf(m.payload);
          return n % 7 === 0 ? 101 : n % 11 === 0 ? 19 : 0;
        },
      });
      const c = await RtnlClient.open(kernel.factory, { chunkSize: 16, window: 64 });
      const n = 500;
      const res = await c.batch(
        Array.from({ length: n }, (_, i) => item(i)),
        mode,
      );
      expect(res.length).toBe(n);
      for (let i = 0; i < n; i++) expect(res[i]).toBe(i % 7 === 0 ? 101 : i % 11 === 0 ? 19 : 0);
      c.close();
    },
  );

  it("packs chunkSize messages per datagram and keeps at most window unanswered", async () => {
    const kernel = new FakeKernel();
    const c = await RtnlClient.open(kernel.factory, { chunkSize: 10, window: 30 });
    await c.batch(Array.from({ length: 95 }, (_, i) => item(i)));
    expect(kernel.datagrams.length).toBe(10);
    expect([...readMessages(kernel.datagrams[0]!)].length).toBe(10);
    expect([...readMessages(kernel.datagrams[9]!)].length).toBe(5);
    expect(kernel.maxUnanswered).toBeLessThanOrEqual(30);
    c.close();
  });

  it("asks for an ACK only on the last message of a chunk in errors mode, on all in each mode", async () => {
    const kernel = new FakeKernel();
    const c = await RtnlClient.open(kernel.factory, { chunkSize: 4 });
    await c.batch([item(1), item(2), item(3), item(4)], AckMode.ERRORS);
    await c.batch([item(1), item(2)], AckMode.EACH);
    const flags = (d: Uint8Array) => [...readMessages(d)].map((m) => (m.flags & NlmFlags.ACK) !== 0);
    expect(flags(kernel.datagrams[0]!)).toEqual([false, false, false, true]);
    expect(flags(kernel.datagrams[1]!)).toEqual([true, true]);
    c.close();
  });

  it("uses increasing sequence numbers and never 0", async () => {
    const kernel = new FakeKernel();
    const c = await RtnlClient.open(kernel.factory, { chunkSize: 50 });
    await c.batch(Array.from({ length: 100 }, (_, i) => item(i)));
    const seqs = kernel.datagrams.flatMap((d) => [...readMessages(d)].map((m) => m.seq));
    expect(seqs.every((s, i) => s !== 0 && (i === 0 || s === seqs[i - 1]! + 1))).toBe(true);
    c.close();
  });

  it("fails everything in flight with TRANSPORT/ENOBUFS when answers are lost", async () => {
    const kernel = new FakeKernel({ silent: true });
    const c = await RtnlClient.open(kernel.factory, { chunkSize: 4 });
    const p = c.batch([item(1), item(2)]);
    await new Promise((r) => setImmediate(r));
    kernel.fail(105);
    await expect(p).rejects.toMatchObject({
      name: "RouteSyncError",
      code: "TRANSPORT",
      errnoName: "ENOBUFS",
    });
    c.close();
  });

  it("times out when the kernel never answers", async () => {
    const kernel = new FakeKernel({ silent: true });
    const c = await RtnlClient.open(kernel.factory, { timeoutMs: 50 });
    await expect(c.batch([item(1)])).rejects.toMatchObject({ code: "TIMEOUT" });
    c.close();
  });

  it("rejects pending requests with CLOSED on close", async () => {
    const kernel = new FakeKernel({ silent: true });
    const c = await RtnlClient.open(kernel.factory);
    const p = c.batch([item(1)]);
    await new Promise((r) => setImmediate(r));
    c.close();
    await expect(p).rejects.toMatchObject({ code: "CLOSED" });
    await expect(c.batch([item(1)])).rejects.toMatchObject({ code: "CLOSED" });
  });
});

describe("RtnlClient.dump", () => {
  it("collects multipart answers across datagrams until DONE", async () => {
    const kernel = new FakeKernel({
      dump: () =>
        Array.from({ length: 5 }, (_, i) => ({
          type: RtmType.NEWLINK,
          payload: new Uint8Array([i, 0, 0, 0]),
        })),
      perDatagram: 2,
    });
    const c = await RtnlClient.open(kernel.factory);
    const msgs = await c.dump((w: NlWriter, seq) => {
      const at = w.beginMessage(RtmType.GETLINK, NlmFlags.REQUEST | NlmFlags.DUMP, seq);
      w.zeros(16);
      w.endMessage(at);
    });
    expect(msgs.map((m) => m.payload[0])).toEqual([0, 1, 2, 3, 4]);
    c.close();
  });

  it("reports a dump error as a RouteSyncError with errno", async () => {
    const kernel = new FakeKernel({ answer: () => 1 });
    const c = await RtnlClient.open(kernel.factory);
    const p = c.dump((w, seq) => {
      // Not a DUMP request: the fake answers with EPERM like a refused request.
      const at = w.beginMessage(RtmType.GETLINK, NlmFlags.REQUEST | NlmFlags.ACK, seq);
      w.zeros(16);
      w.endMessage(at);
    });
    await expect(p).rejects.toMatchObject({ code: "PERMISSION", errnoName: "EPERM" });
    c.close();
  });
});

describe("RtnlClient.batchOf and query", () => {
  it("batchOf writes message i from index i, in order, with one errno each", async () => {
    const kernel = new FakeKernel({ answer: (m) => (numberOf(m.payload) === 42 ? 101 : 0) });
    const c = await RtnlClient.open(kernel.factory, { chunkSize: 16, window: 32 });
    const res = await c.batchOf(100, (i, w, seq, ack) => item(i * 2)(w, seq, ack));
    const sent = kernel.datagrams.flatMap((d) => [...readMessages(d)].map((m) => numberOf(m.payload)));
    expect(sent).toEqual(Array.from({ length: 100 }, (_, i) => i * 2));
    expect([...res].map((e, i) => [i, e]).filter(([, e]) => e !== 0)).toEqual([[21, 101]]);
    c.close();
  });

  it("reuses its write buffers without mixing up chunks", async () => {
    const kernel = new FakeKernel();
    const c = await RtnlClient.open(kernel.factory, { chunkSize: 8, window: 8 });
    for (let round = 0; round < 3; round++)
      await c.batchOf(40, (i, w, seq, ack) => item(round * 1000 + i)(w, seq, ack));
    const sent = kernel.datagrams.flatMap((d) => [...readMessages(d)].map((m) => numberOf(m.payload)));
    expect(sent).toEqual([0, 1, 2].flatMap((r) => Array.from({ length: 40 }, (_, i) => r * 1000 + i)));
    c.close();
  });

  it("query resolves at the ACK and rejects with the kernel's errno", async () => {
    const kernel = new FakeKernel({ answer: (m) => (numberOf(m.payload) === 7 ? 101 : 0) });
    const c = await RtnlClient.open(kernel.factory);
    const ask = (n: number) =>
      c.query((w, seq) => {
        const at = w.beginMessage(RtmType.GETROUTE, NlmFlags.REQUEST | NlmFlags.ACK, seq);
        w.u32(n);
        w.endMessage(at);
      });
    await expect(ask(1)).resolves.toEqual([]); // the fake sends no answer before its ACK
    await expect(ask(7)).rejects.toMatchObject({ code: "KERNEL", errnoName: "ENETUNREACH" });
    c.close();
  });
});
