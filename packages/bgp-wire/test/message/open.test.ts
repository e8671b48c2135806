import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import { decodeOpenBody, encodeOpenBody } from "../../src/message/open.js";
import type { OpenMessage } from "../../src/types/messages.js";
import { ByteWriter } from "../../src/writer.js";
import { fromHex, hex, thrown } from "./helpers.js";

function encodeBody(msg: OpenMessage): Uint8Array {
  const w = new ByteWriter(64);
  encodeOpenBody(w, msg);
  return w.finish();
}

function openError(body: Uint8Array): BgpWireError {
  const e = thrown(() => decodeOpenBody(body));
  expect(e).toBeInstanceOf(BgpWireError);
  return e as BgpWireError;
}

/** Body of the first OPEN of tcpdump's bgp-4byte-asn.pcap. */
const body4byte = fromHex("045ba000b4000001011a021801040001000102004002c12c4104a4c46652450400010101");
/** Body of the OPEN in tcpdump's bgp-extended-optional-parameters-length.pcapng (RFC 9072 form). */
const body9072 = fromHex(
  "0400ae00b406060606ffff006c0200060104000100010200060104000200010200028000020002020002000246000200064104000000ae020002060002000a4508000101010002010102001349110f65786974312d64656269616e2d31310002000440020078020010470e0001018000016800020180000168",
);

describe("OPEN (RFC 4271 §4.2, RFC 5492)", () => {
  it("decodes the fixed part and a capabilities parameter", () => {
    const m = decodeOpenBody(body4byte);
    expect(m).toMatchObject({ type: "OPEN", version: 4, myAs: 23456, holdTime: 180, bgpId: 0x00000101 });
    expect(m.capabilities).toEqual([
      { code: 1, afi: 1, safi: 1 },
      { code: 2 },
      { code: 64, restarting: true, notification: true, restartTime: 300, families: [] },
      { code: 65, asn: 2764334674 },
      { code: 69, entries: [{ afi: 1, safi: 1, mode: 1 }] },
    ]);
    expect(m.extendedParameters).toBeUndefined();
    expect(m.wire).toEqual({ parameters: [5] });
    expect(hex(encodeBody(m))).toBe(hex(body4byte));
  });

  it("decodes the RFC 9072 extended optional parameters form and re-encodes it", () => {
    const m = decodeOpenBody(body9072);
    expect(m).toMatchObject({ myAs: 174, holdTime: 180, bgpId: 0x06060606, extendedParameters: true });
    expect(m.wire?.parameters).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(m.capabilities).toEqual([
      { code: 1, afi: 1, safi: 1 },
      { code: 1, afi: 2, safi: 1 },
      { code: 128, raw: true, value: new Uint8Array(0) },
      { code: 2 },
      { code: 70 },
      { code: 65, asn: 174 },
      { code: 6 },
      {
        code: 69,
        entries: [
          { afi: 1, safi: 1, mode: 1 },
          { afi: 2, safi: 1, mode: 1 },
        ],
      },
      { code: 73, hostname: "exit1-debian-11", domain: "" },
      { code: 64, restarting: false, notification: false, restartTime: 120, families: [] },
      {
        code: 71,
        families: [
          { afi: 1, safi: 1, forwardingPreserved: true, staleTime: 360 },
          { afi: 2, safi: 1, forwardingPreserved: true, staleTime: 360 },
        ],
      },
    ]);
    expect(hex(encodeBody(m))).toBe(hex(body9072));
  });

  it("uses the extended form by itself when parameters exceed 255 bytes (RFC 9072 §2)", () => {
    const capabilities = Array.from({ length: 70 }, (_, i) => ({ code: 1 as const, afi: 1, safi: i }));
    const msg: OpenMessage = { type: "OPEN", version: 4, myAs: 65000, holdTime: 90, bgpId: 1, capabilities };
    const body = encodeBody(msg);
    expect([body[9], body[10]]).toEqual([255, 255]);
    expect((body[11]! << 8) | body[12]!).toBe(3 + 70 * 6);
    const back = decodeOpenBody(body);
    expect(back.capabilities).toEqual(capabilities);
    expect(back.extendedParameters).toBe(true);
  });

  it("uses the classic form unless asked or needed, and the extended one when asked", () => {
    const msg: OpenMessage = {
      type: "OPEN",
      version: 4,
      myAs: 1,
      holdTime: 0,
      bgpId: 2,
      capabilities: [{ code: 2 }],
    };
    expect(hex(encodeBody(msg))).toBe("0400010000000000020402020200");
    const ext = encodeBody({ ...msg, extendedParameters: true });
    expect(hex(ext)).toBe("0400010000000000" + "02ffff000502000202" + "00");
    expect(decodeOpenBody(ext)).toMatchObject({ extendedParameters: true, capabilities: [{ code: 2 }] });
  });

  it("encodes no optional parameters as an Opt Parm Len of 0", () => {
    const msg: OpenMessage = { type: "OPEN", version: 4, myAs: 1, holdTime: 3, bgpId: 3, capabilities: [] };
    expect(hex(encodeBody(msg))).toBe("04000100030000000300");
    expect(decodeOpenBody(encodeBody(msg)).capabilities).toEqual([]);
  });

  it("keeps non-capability parameters raw, in their place", () => {
    // Parameter 1 (deprecated authentication), then a capabilities parameter.
    const body = fromHex("04 fde9 00b4 c0a80a44 0a 0102abcd 0204 02004600");
    const m = decodeOpenBody(body);
    expect(m.otherParameters).toEqual([{ type: 1, value: fromHex("abcd") }]);
    expect(m.capabilities).toEqual([{ code: 2 }, { code: 70 }]);
    expect(m.wire?.parameters).toEqual([null, 2]);
    expect(hex(encodeBody(m))).toBe(hex(body));
  });

  it("falls back to the canonical layout when `wire` does not match the lists", () => {
    const m = decodeOpenBody(body4byte);
    const edited: OpenMessage = { ...m, capabilities: m.capabilities.slice(0, 2) };
    expect(hex(encodeBody(edited))).toBe("045ba000b4000001010a0208010400010001" + "0200");
  });

  it("refuses to send optional parameter type 255, reserved by RFC 9072", () => {
    const msg: OpenMessage = {
      type: "OPEN",
      version: 4,
      myAs: 1,
      holdTime: 3,
      bgpId: 3,
      capabilities: [],
      otherParameters: [{ type: 255, value: new Uint8Array(0) }],
    };
    expect(thrown(() => encodeBody(msg))).toBeInstanceOf(BgpWireError);
  });

  it("refuses out-of-range fields instead of truncating them", () => {
    const base: OpenMessage = { type: "OPEN", version: 4, myAs: 1, holdTime: 3, bgpId: 3, capabilities: [] };
    for (const bad of [{ myAs: 70000 }, { holdTime: -1 }, { bgpId: 2 ** 32 }, { version: 1.5 }]) {
      expect(thrown(() => encodeBody({ ...base, ...bad }))).toBeInstanceOf(BgpWireError);
    }
  });

  describe("malformed bodies: OPEN Message Error", () => {
    it("a body shorter than the fixed part", () => {
      expect(openError(fromHex("0400010003")).code).toBe(2);
    });
    it("Opt Parm Len disagreeing with the body", () => {
      const e = openError(fromHex("04000100030000000305 0202 0200"));
      expect([e.code, e.subcode]).toEqual([2, 0]);
    });
    it("a parameter overrunning the parameters", () => {
      const e = openError(fromHex("04000100030000000304 0205 0200"));
      expect([e.code, e.subcode, e.offset]).toEqual([2, 0, 19 + 10]);
    });
    it("a capability overrunning its parameter", () => {
      const e = openError(fromHex("04000100030000000304 0202 4105"));
      expect([e.code, e.subcode, e.offset]).toEqual([2, 0, 19 + 12]);
    });
    it("a truncated extended length", () => {
      expect(openError(fromHex("040001000300000003ff ff00")).subcode).toBe(0);
    });
    it("an extended length disagreeing with the body", () => {
      expect(openError(fromHex("040001000300000003ff ff0009 020002 0200")).subcode).toBe(0);
    });
    it("unparseable bytes under another version: Unsupported Version Number, data = 4", () => {
      const e = openError(fromHex("03000100030000000309 02"));
      expect([e.code, e.subcode, hex(e.data)]).toEqual([2, 1, "0004"]);
    });
  });

  it("decodes a well-formed OPEN of another version: the FSM checks the version", () => {
    expect(decodeOpenBody(fromHex("03000100030000000300")).version).toBe(3);
  });
});
