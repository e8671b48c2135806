import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIp, maskInPlace, parseIp } from "../../src/model/ip.js";

describe("parseIp / formatIp", () => {
  it.each([
    ["198.18.0.1", [198, 18, 0, 1]],
    ["0.0.0.0", [0, 0, 0, 0]],
    ["255.255.255.255", [255, 255, 255, 255]],
  ])("parses IPv4 %s", (text, bytes) => {
    expect([...parseIp(text)]).toEqual(bytes);
    expect(formatIp(parseIp(text))).toBe(text);
  });

  it.each([
    ["2001:db8::1", "2001:db8::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"], // RFC 5952 §4.2.3: longest run
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // §4.2.2: one zero group stays
    ["::ffff:198.18.0.1", "::ffff:c612:1"],
    ["fe80::", "fe80::"],
  ])("canonicalises IPv6 %s -> %s", (text, canon) => {
    expect(formatIp(parseIp(text))).toBe(canon);
  });

  it.each([
    "198.18.0",
    "198.18.0.256",
    "1.2.3.4.5",
    "2001:db8:::1",
    "2001:db8::1::2",
    "1:2:3:4:5:6:7:8:9",
    "g::1",
    "",
  ])("rejects %s with INVALID_ROUTE", (text) => {
    expect(() => parseIp(text)).toThrowError(
      expect.objectContaining({ name: "RouteSyncError", code: "INVALID_ROUTE" }),
    );
  });

  it("round-trips any 16 bytes through canonical text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        expect([...parseIp(formatIp(b))]).toEqual([...b]);
      }),
    );
  });

  it("masks host bits and says whether any were set", () => {
    const b = parseIp("198.18.5.7");
    expect(maskInPlace(b, 16)).toBe(true);
    expect(formatIp(b)).toBe("198.18.0.0");
    expect(maskInPlace(b, 16)).toBe(false);
  });
});
