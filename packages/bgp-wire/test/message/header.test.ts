import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import { maxMessageLength, readHeader } from "../../src/message/header.js";
import { concat, header, thrown } from "./helpers.js";

function headerError(bytes: Uint8Array, max = 4096): BgpWireError {
  const e = thrown(() => readHeader(bytes, 0, max));
  expect(e).toBeInstanceOf(BgpWireError);
  return e as BgpWireError;
}

describe("readHeader (RFC 4271 §4.1, §6.1)", () => {
  it("reads length and type of a KEEPALIVE", () => {
    expect(readHeader(header(19, 4), 0, 4096)).toEqual({ length: 19, type: 4 });
  });

  it("reads a header at an offset", () => {
    const bytes = concat(new Uint8Array([1, 2, 3]), header(29, 1));
    expect(readHeader(bytes, 3, 4096)).toEqual({ length: 29, type: 1 });
  });

  it("rejects a marker that is not all ones with Connection Not Synchronized and no data", () => {
    const h = header(19, 4);
    h[7] = 0xfe;
    const e = headerError(h);
    expect([e.code, e.subcode, e.data.length, e.offset]).toEqual([1, 1, 0, 7]);
  });

  it("reports the first bad marker byte wherever it is, also at an offset", () => {
    for (let i = 0; i < 16; i++) {
      for (const bad of [0x00, 0x7f, 0xfe]) {
        const bytes = concat(new Uint8Array([0xff, 0xff]), header(19, 4));
        bytes[2 + i] = bad;
        if (i < 15) bytes[2 + 15] = 0x00; // a later bad byte does not hide the first
        const e = thrown(() => readHeader(bytes, 2, 4096)) as BgpWireError;
        expect([e.subcode, e.offset]).toEqual([1, 2 + i]);
      }
    }
  });

  it.each([
    [18, 4, "below the header size"],
    [4097, 2, "over 4096 without extended messages"],
    [28, 1, "OPEN below 29"],
    [22, 2, "UPDATE below 23"],
    [20, 3, "NOTIFICATION below 21"],
    [20, 4, "KEEPALIVE not 19"],
    [22, 5, "ROUTE-REFRESH below 23"],
  ])("rejects length %i for type %i (%s) with Bad Message Length and the length as data", (len, type) => {
    const e = headerError(header(len, type));
    expect([e.code, e.subcode]).toEqual([1, 2]);
    expect([...e.data]).toEqual([len >> 8, len & 0xff]);
  });

  it("accepts 65535-byte messages only with RFC 8654 extended messages", () => {
    expect(headerError(header(65535, 2)).subcode).toBe(2);
    expect(readHeader(header(65535, 2), 0, 65535)).toEqual({ length: 65535, type: 2 });
  });

  it("keeps OPEN within 4096 bytes even with extended messages (RFC 8654 §4)", () => {
    expect(headerError(header(4097, 1), 65535).subcode).toBe(2);
  });

  it("rejects unknown types with Bad Message Type and the type as data", () => {
    for (const t of [0, 6, 255]) {
      const e = headerError(header(19, t));
      expect([e.code, e.subcode, [...e.data]]).toEqual([1, 3, [t]]);
    }
  });

  it("checks the length before the type (RFC 4271 §6.1 order)", () => {
    expect(headerError(header(5, 9)).subcode).toBe(2);
  });

  it("rejects a truncated header with Bad Message Length", () => {
    expect(headerError(header(19, 4).subarray(0, 10)).subcode).toBe(2);
  });

  it("derives the limit from the context", () => {
    expect(maxMessageLength({ extendedMessage: false })).toBe(4096);
    expect(maxMessageLength({ extendedMessage: true })).toBe(65535);
  });
});
