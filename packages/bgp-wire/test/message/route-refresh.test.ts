import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import { decodeRouteRefreshBody, encodeRouteRefreshBody } from "../../src/message/route-refresh.js";
import type { RouteRefreshMessage } from "../../src/types/messages.js";
import { ByteWriter } from "../../src/writer.js";
import { concat, fromHex, header, hex, thrown } from "./helpers.js";

function encodeBody(m: RouteRefreshMessage): string {
  const w = new ByteWriter(8);
  encodeRouteRefreshBody(w, m);
  return hex(w.finish());
}

describe("ROUTE-REFRESH (RFC 2918, RFC 7313)", () => {
  it.each([
    ["00010001", 0],
    ["00010101", 1],
    ["00010201", 2],
  ])("decodes and encodes %s (subtype %i)", (bodyHex, subtype) => {
    const body = fromHex(bodyHex);
    const m = decodeRouteRefreshBody(body, concat(header(23, 5), body));
    expect(m).toEqual({ type: "ROUTE_REFRESH", afi: 1, safi: 1, subtype });
    expect(encodeBody(m)).toBe(bodyHex);
  });

  it("keeps ORF entries of a normal request raw (RFC 5291, tcpdump's bgp-orf)", () => {
    const body = fromHex("0001000102400001c0");
    const m = decodeRouteRefreshBody(body, concat(header(28, 5), body));
    expect(m).toMatchObject({ afi: 1, safi: 1, subtype: 0 });
    expect(hex(m.orf!)).toBe("02400001c0");
    expect(encodeBody(m)).toBe(hex(body));
  });

  it("rejects a BoRR/EoRR that is not 4 bytes: Invalid Message Length, data = the message", () => {
    for (const sub of ["01", "02"]) {
      const body = fromHex(`0001${sub}0100`);
      const msg = concat(header(24, 5), body);
      const e = thrown(() => decodeRouteRefreshBody(body, msg)) as BgpWireError;
      expect(e).toBeInstanceOf(BgpWireError);
      expect([e.code, e.subcode, hex(e.data)]).toEqual([7, 1, hex(msg)]);
    }
  });

  it("decodes unknown subtypes, which the receiver ignores (RFC 7313 §5)", () => {
    const body = fromHex("00020780");
    expect(decodeRouteRefreshBody(body, body)).toEqual({
      type: "ROUTE_REFRESH",
      afi: 2,
      safi: 128,
      subtype: 7,
    });
  });

  it("refuses out-of-range fields", () => {
    expect(thrown(() => encodeBody({ type: "ROUTE_REFRESH", afi: 1, safi: 256, subtype: 0 }))).toBeInstanceOf(
      BgpWireError,
    );
  });
});
