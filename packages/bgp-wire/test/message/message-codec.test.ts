import { describe, expect, it } from "vitest";
import {
  ASN4_CONTEXT,
  BgpWireError,
  ByteWriter,
  createContext,
  decodeMessage,
  encodeMessage,
  encodeMessageInto,
  type BgpMessage,
} from "@tsbgp/bgp-wire";
import { concat, header, hex, thrown } from "./helpers.js";

const EXT = createContext({ asn4: true, extendedMessage: true });
const keepalive = header(19, 4);

function wireError(f: () => unknown): BgpWireError {
  const e = thrown(f);
  expect(e).toBeInstanceOf(BgpWireError);
  return e as BgpWireError;
}

describe("decodeMessage / encodeMessage (public entry point)", () => {
  it("decodes and encodes a KEEPALIVE", () => {
    expect(decodeMessage(keepalive, ASN4_CONTEXT)).toEqual({ type: "KEEPALIVE" });
    expect(hex(encodeMessage({ type: "KEEPALIVE" }, ASN4_CONTEXT))).toBe(hex(keepalive));
  });

  it("rejects a buffer longer or shorter than its Length field", () => {
    for (const b of [concat(keepalive, new Uint8Array(1)), header(23, 5)]) {
      const e = wireError(() => decodeMessage(b, ASN4_CONTEXT));
      expect([e.code, e.subcode, hex(e.data)]).toEqual([1, 2, hex(b.subarray(16, 18))]);
    }
  });

  it("dispatches UPDATE both ways (an IPv4 End-of-RIB, RFC 4724 §2)", () => {
    const eor = concat(header(23, 2), new Uint8Array(4));
    const m = decodeMessage(eor, ASN4_CONTEXT);
    expect(m.type).toBe("UPDATE");
    expect(hex(encodeMessage(m, ASN4_CONTEXT))).toBe(hex(eor));
  });

  it("rejects a ROUTE-REFRESH EoRR with extra bytes, data = the whole message (RFC 7313 §5)", () => {
    const msg = concat(header(24, 5), Uint8Array.from([0, 1, 2, 1, 9]));
    const e = wireError(() => decodeMessage(msg, ASN4_CONTEXT));
    expect([e.code, e.subcode, hex(e.data)]).toEqual([7, 1, hex(msg)]);
  });

  it("refuses to encode a message over 4096 bytes unless extended messages are on (RFC 8654)", () => {
    const big: BgpMessage = { type: "NOTIFICATION", code: 6, subcode: 0, data: new Uint8Array(5000) };
    const e = wireError(() => encodeMessage(big, ASN4_CONTEXT));
    expect([e.code, e.subcode]).toEqual([1, 2]);
    const bytes = encodeMessage(big, EXT);
    expect(bytes.length).toBe(5021);
    expect(decodeMessage(bytes, EXT)).toMatchObject({ type: "NOTIFICATION", code: 6 });
    expect(wireError(() => decodeMessage(bytes, ASN4_CONTEXT)).subcode).toBe(2);
  });

  it("keeps OPEN within 4096 bytes even with extended messages (RFC 8654 §4)", () => {
    const open: BgpMessage = {
      type: "OPEN",
      version: 4,
      myAs: 1,
      holdTime: 90,
      bgpId: 1,
      capabilities: Array.from({ length: 30 }, () => ({
        code: 200,
        raw: true as const,
        value: new Uint8Array(200),
      })),
    };
    expect(wireError(() => encodeMessage(open, EXT)).subcode).toBe(2);
  });

  it("encodeMessageInto appends, and leaves the writer as it was on failure", () => {
    const w = new ByteWriter(8);
    encodeMessageInto(w, { type: "KEEPALIVE" }, ASN4_CONTEXT);
    encodeMessageInto(w, { type: "ROUTE_REFRESH", afi: 2, safi: 1, subtype: 0 }, ASN4_CONTEXT);
    expect(w.pos).toBe(19 + 23);
    const bad: BgpMessage = { type: "NOTIFICATION", code: 300, subcode: 0, data: new Uint8Array(0) };
    expect(thrown(() => encodeMessageInto(w, bad, ASN4_CONTEXT))).toBeInstanceOf(BgpWireError);
    expect(w.pos).toBe(42);
    expect(decodeMessage(w.view().subarray(19), ASN4_CONTEXT)).toEqual({
      type: "ROUTE_REFRESH",
      afi: 2,
      safi: 1,
      subtype: 0,
    });
  });

  it("turns a full fixed-size writer into a BgpWireError", () => {
    const w = new ByteWriter(16, 30);
    const msg: BgpMessage = { type: "NOTIFICATION", code: 6, subcode: 2, data: new Uint8Array(40) };
    const e = wireError(() => encodeMessageInto(w, msg, ASN4_CONTEXT));
    expect([e.code, e.subcode]).toEqual([1, 2]);
    expect(w.pos).toBe(0);
  });
});
