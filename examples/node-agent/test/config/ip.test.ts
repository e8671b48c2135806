import { describe, expect, it } from "vitest";
import {
  blockContains,
  blocksOverlap,
  canonicalIp,
  ipBytes,
  ipText,
  parseBlock,
} from "../../src/config/ip.js";

describe("ip helpers", () => {
  it("canonicalises addresses", () => {
    expect(canonicalIp("2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(canonicalIp("198.19.1.1")).toBe("198.19.1.1");
    expect(canonicalIp("1.2.3")).toBeUndefined();
  });

  it("converts IPv6 text to bytes and back, including embedded IPv4", () => {
    expect([...ipBytes("2001:db8::1")!]).toEqual([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]);
    expect(ipText(ipBytes("::ffff:198.19.1.1")!)).toBe("::ffff:c613:101");
    expect(ipText(ipBytes("fd00:10:233:1::")!)).toBe("fd00:10:233:1::");
  });

  it("parses blocks and checks overlap and containment", () => {
    const a = parseBlock("198.18.128.0/17");
    const b = parseBlock("198.18.130.0/26");
    const c = parseBlock("2001:db8:c0:1::/122");
    if (typeof a === "string" || typeof b === "string" || typeof c === "string") throw new Error("parse");
    expect(blocksOverlap(a, b)).toBe(true);
    expect(blocksOverlap(b, a)).toBe(true);
    expect(blocksOverlap(a, c)).toBe(false);
    expect(blockContains(b, ipBytes("198.18.130.63")!)).toBe(true);
    expect(blockContains(b, ipBytes("198.18.130.64")!)).toBe(false);
    expect(parseBlock("2001:db8:c0:1::41/122")).toBe(
      "host bits are set (did you mean 2001:db8:c0:1::40/122?)",
    );
    expect(parseBlock("2001:db8:c0:1::40/122")).toMatchObject({
      family: 6,
      length: 122,
      text: "2001:db8:c0:1::40/122",
    });
  });
});
