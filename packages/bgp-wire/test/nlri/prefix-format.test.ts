import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import {
  formatIpv4,
  formatIpv6,
  formatPrefix,
  maskPrefix,
  parseIpv4,
  parseIpv6,
  parsePrefix,
  prefixKey,
} from "../../src/prefix-format.js";

describe("IPv4 text", () => {
  it("formats and parses dotted quads", () => {
    expect(formatIpv4(0x0a000001)).toBe("10.0.0.1");
    expect(formatIpv4(0xffffffff)).toBe("255.255.255.255");
    expect(formatIpv4(0)).toBe("0.0.0.0");
    expect(parseIpv4("192.0.2.255")).toBe(0xc00002ff);
  });
  it.each(["1.2.3", "1.2.3.4.5", "256.0.0.1", "a.b.c.d", "1..2.3", ""])("rejects %j", (t) => {
    expect(() => parseIpv4(t)).toThrowError(BgpWireError);
  });
});

describe("IPv6 text (glibc inet_ntop style)", () => {
  const cases: [string, string][] = [
    ["00000000000000000000000000000000", "::"],
    ["00000000000000000000000000000001", "::1"],
    ["20010db8000000000000000000000001", "2001:db8::1"],
    ["20010db8000000010000000000000001", "2001:db8:0:1::1"],
    // A single zero group is not compressed; the first of two equal runs is.
    ["20010db8000100000001000100010001", "2001:db8:1:0:1:1:1:1"],
    ["20010000000000010000000000000001", "2001:0:0:1::1"],
    ["20010000000000010000000000010001", "2001::1:0:0:1:1"],
    // IPv4-mapped and IPv4-compatible forms, as glibc prints them.
    ["00000000000000000000ffffc0000201", "::ffff:192.0.2.1"],
    ["000000000000000000000000c0000201", "::192.0.2.1"],
    ["fe800000000000000201fffe01000000", "fe80::201:fffe:100:0"],
  ];
  it.each(cases)("%s ↔ %s", (hex, text) => {
    const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
    expect(formatIpv6(bytes)).toBe(text);
    expect([...parseIpv6(text)]).toEqual([...bytes]);
  });
  it.each(["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7"])("rejects %j", (t) => {
    expect(() => parseIpv6(t)).toThrowError(BgpWireError);
  });
  it("parses a full form with an embedded IPv4 tail", () => {
    expect(formatIpv6(parseIpv6("1:2:3:4:5:6:1.2.3.4"))).toBe("1:2:3:4:5:6:102:304");
  });
});

describe("prefixes", () => {
  it("keeps host bits as given and masks them for keys", () => {
    const p = parsePrefix("11.13.0.0/13");
    expect(formatPrefix(p)).toBe("11.13.0.0/13");
    expect(formatPrefix(maskPrefix(p))).toBe("11.8.0.0/13");
    expect(prefixKey(p)).toBe("11.8.0.0/13");
    expect(prefixKey(parsePrefix("11.8.0.0/13"))).toBe(prefixKey(p));
    expect(prefixKey(parsePrefix("2001:db8:ffff::/33"))).toBe("2001:db8:8000::/33");
    expect(prefixKey(parsePrefix("0.0.0.0/0"))).toBe("0.0.0.0/0");
    expect(prefixKey(parsePrefix("10.1.2.3/32"))).toBe("10.1.2.3/32");
  });
  it("returns the same object when nothing is masked", () => {
    const p = parsePrefix("2001:db8::/32");
    expect(maskPrefix(p)).toBe(p);
  });
  it.each(["10.0.0.0", "10.0.0.0/33", "::/129", "10.0.0.0/x", "/8"])("rejects %j", (t) => {
    expect(() => parsePrefix(t)).toThrowError(BgpWireError);
  });
});
