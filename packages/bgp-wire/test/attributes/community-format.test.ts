import { describe, expect, it } from "vitest";
import {
  communityName,
  formatCommunity,
  formatCommunityBgpdump,
  formatExtendedCommunity,
  formatLargeCommunity,
  parseCommunity,
} from "../../src/attributes/community-format.js";
import { WellKnownCommunity } from "../../src/constants.js";
import { fromHex } from "../update/helpers.js";

describe("community text", () => {
  it("formats asn:value and the well-known names (RFC 1997, RFC 7999, RFC 8326)", () => {
    expect(formatCommunity(0xfde90064)).toBe("65001:100");
    expect(communityName(WellKnownCommunity.NO_EXPORT)).toBe("NO_EXPORT");
    expect(communityName(WellKnownCommunity.BLACKHOLE)).toBe("BLACKHOLE");
    expect(communityName(0xfde90064)).toBeUndefined();
    expect(formatCommunityBgpdump(0xffffff01)).toBe("no-export");
    expect(formatCommunityBgpdump(0xffffff02)).toBe("no-advertise");
    expect(formatCommunityBgpdump(0xffffff03)).toBe("no-export-subconfed");
    expect(formatCommunityBgpdump(0x1b0b0d0b)).toBe("6923:3339");
  });

  it("parses asn:value and names, refusing out-of-range parts", () => {
    expect(parseCommunity("65001:100")).toBe(0xfde90064);
    expect(parseCommunity("GRACEFUL_SHUTDOWN")).toBe(0xffff0000);
    expect(parseCommunity("65536:1")).toBeUndefined();
    expect(parseCommunity("1:2:3")).toBeUndefined();
  });

  it("formats large and extended communities (RFC 8092, RFC 4360)", () => {
    expect(formatLargeCommunity({ global: 4200000000, local1: 1, local2: 2 })).toBe("4200000000:1:2");
    expect(formatExtendedCommunity(fromHex("0002004800000001"))).toBe("target:72:1");
    expect(formatExtendedCommunity(fromHex("0102c000020100c8"))).toBe("target:192.0.2.1:200");
    expect(formatExtendedCommunity(fromHex("020200030d400064"))).toBe("target:200000:100");
    expect(formatExtendedCommunity(fromHex("0003fde900000064"))).toBe("origin:65001:100");
    expect(formatExtendedCommunity(fromHex("4002fde900000064"))).toBe("target:65001:100");
    expect(formatExtendedCommunity(fromHex("8008051400014438"))).toBe("0x8008051400014438");
  });
});
