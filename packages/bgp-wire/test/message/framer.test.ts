import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import { decodeMessage, decodeMessageAt } from "../../src/message/decode-message.js";
import { MessageFramer } from "../../src/message/framer.js";
import { createContext } from "../../src/context.js";
import { concat, header, hex, thrown } from "./helpers.js";

/** A syntactically framed message of the given type and body. */
function message(type: number, body: Uint8Array): Uint8Array {
  return concat(header(19 + body.length, type), body);
}

const keepalive = message(4, new Uint8Array(0));
const notification = message(3, new Uint8Array([6, 2, 3, 0x61, 0x62, 0x63]));
const update = message(2, new Uint8Array([0, 0, 0, 0]));

/** Cuts `bytes` at the given sorted positions. */
function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.slice(prev, c));
    prev = c;
  }
  return out;
}

describe("MessageFramer", () => {
  it("returns whole messages of one chunk as views into it", () => {
    const stream = concat(keepalive, notification, update);
    const out = new MessageFramer().push(stream);
    expect(out.map(hex)).toEqual([keepalive, notification, update].map(hex));
    for (const m of out) expect(m.buffer).toBe(stream.buffer);
  });

  it("copies a message split across chunks once, into an array of its own length", () => {
    const f = new MessageFramer();
    expect(f.push(notification.subarray(0, 5))).toEqual([]);
    expect(f.buffered).toBe(5);
    expect(f.push(notification.subarray(5, 21))).toEqual([]);
    const [m] = f.push(notification.subarray(21));
    expect(hex(m!)).toBe(hex(notification));
    expect(m!.byteLength).toBe(m!.buffer.byteLength);
    expect(f.buffered).toBe(0);
  });

  it("handles byte-at-a-time delivery", () => {
    const stream = concat(update, keepalive);
    const f = new MessageFramer();
    const got: string[] = [];
    for (const b of stream) for (const m of f.push(new Uint8Array([b]))) got.push(hex(m));
    expect(got).toEqual([hex(update), hex(keepalive)]);
  });

  it("reports header errors as soon as the header is in, and stays failed", () => {
    const f = new MessageFramer();
    const bad = header(19, 9);
    const e = thrown(() => f.push(bad)) as BgpWireError;
    expect(e).toBeInstanceOf(BgpWireError);
    expect([e.code, e.subcode]).toEqual([1, 3]);
    expect(thrown(() => f.push(keepalive))).toBe(e);
  });

  it("rejects a lost marker (Connection Not Synchronized)", () => {
    const e = thrown(() => new MessageFramer().push(new Uint8Array(19))) as BgpWireError;
    expect([e.code, e.subcode]).toEqual([1, 1]);
  });

  it("enforces 4096 bytes until extended messages are switched on (RFC 8654)", () => {
    const big = message(2, new Uint8Array(5000 - 19));
    const e = thrown(() => new MessageFramer().push(big)) as BgpWireError;
    expect([e.code, e.subcode, [...e.data]]).toEqual([1, 2, [5000 >> 8, 5000 & 0xff]]);
    const f = new MessageFramer();
    f.setMaxMessageLength(65535);
    expect(f.maxMessageLength).toBe(65535);
    expect(f.push(big)).toHaveLength(1);
    expect(new MessageFramer({ maxMessageLength: 65535 }).push(big)).toHaveLength(1);
  });

  it("yields the same messages however the stream is split (property)", () => {
    const msgArb = fc
      .tuple(fc.constantFrom(1, 2, 3, 4, 5), fc.uint8Array({ maxLength: 300 }))
      .map(([type, body]) => {
        const min = { 1: 10, 2: 4, 3: 2, 4: 0, 5: 4 }[type]!;
        const b = type === 4 ? new Uint8Array(0) : concat(new Uint8Array(min), body);
        return message(type, b);
      });
    fc.assert(
      fc.property(
        fc.array(msgArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (msgs, rawCuts) => {
          const stream = concat(...msgs);
          const cuts = [...new Set(rawCuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const f = new MessageFramer();
          const got: string[] = [];
          for (const chunk of cut(stream, cuts)) for (const m of f.push(chunk)) got.push(hex(m));
          expect(got).toEqual(msgs.map(hex));
          expect(f.buffered).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("pushRanges gives the messages push gives, as ranges, however the stream is split (property)", () => {
    const msgArb = fc.constantFrom(keepalive, notification, update);
    fc.assert(
      fc.property(
        // Up to 200 messages: more than the 64 ranges the framer starts with.
        fc.array(msgArb, { minLength: 1, maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (msgs, rawCuts) => {
          const stream = concat(...msgs);
          const cuts = [...new Set(rawCuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const byRange = new MessageFramer();
          const byView = new MessageFramer();
          const got: string[] = [];
          for (const chunk of cut(stream, cuts)) {
            const n = byRange.pushRanges(chunk);
            const views = byView.push(chunk);
            expect(n).toBe(views.length);
            for (let i = 0; i < n; i++) {
              const b = byRange.rangeBytes(i);
              const m = b.subarray(byRange.rangeStart(i), byRange.rangeEnd(i));
              expect(hex(m)).toBe(hex(views[i]!));
              // Only a message that straddled chunks (message 0) lives outside the chunk.
              if (i > 0) expect(b.buffer).toBe(chunk.buffer);
              got.push(hex(m));
            }
          }
          expect(got).toEqual(msgs.map(hex));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("decodeMessageAt", () => {
  const ctx = createContext();
  const stream = concat(keepalive, notification, update);

  it("reads a message in place inside a larger buffer, as decodeMessage reads it alone", () => {
    let at = 0;
    for (const m of [keepalive, notification, update]) {
      const inPlace = decodeMessageAt(stream, at, at + m.length, ctx);
      const alone = decodeMessage(m.slice(), ctx);
      expect(inPlace.type).toBe(alone.type);
      if (inPlace.type === "NOTIFICATION" && alone.type === "NOTIFICATION")
        expect([inPlace.code, inPlace.subcode, hex(inPlace.data)]).toEqual([
          alone.code,
          alone.subcode,
          hex(alone.data),
        ]);
      if (inPlace.type === "UPDATE" && alone.type === "UPDATE")
        expect([inPlace.withdrawn, inPlace.nlri, inPlace.attributes]).toEqual([
          alone.withdrawn,
          alone.nlri,
          alone.attributes,
        ]);
      at += m.length;
    }
  });

  it("rejects a range that disagrees with the Length field (Bad Message Length)", () => {
    const e = thrown(() => decodeMessageAt(stream, 0, keepalive.length + 1, ctx)) as BgpWireError;
    expect([e.code, e.subcode]).toEqual([1, 2]);
    const short = thrown(() => decodeMessageAt(stream, 19, 19 + 10, ctx)) as BgpWireError;
    expect(short.code).toBe(1);
  });

  it("refuses a range outside the buffer (a caller's mistake: RangeError, not a NOTIFICATION)", () => {
    expect(thrown(() => decodeMessageAt(stream, 0, stream.length + 1, ctx))).toBeInstanceOf(RangeError);
    expect(thrown(() => decodeMessageAt(stream, -1, 18, ctx))).toBeInstanceOf(RangeError);
    expect(thrown(() => decodeMessageAt(stream, 20, 19, ctx))).toBeInstanceOf(RangeError);
  });
});
