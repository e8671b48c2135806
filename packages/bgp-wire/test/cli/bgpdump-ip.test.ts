import { describe, expect, it } from "vitest";
import { fmtIpv4, fmtIpv4Bytes, fmtIpv6 } from "../../src/cli/bgpdump-ip.js";
import { parseIpv6 } from "@tsbgp/bgp-wire";

describe("bgpdump address text", () => {
  it("IPv4", () => {
    expect(fmtIpv4(0)).toBe("0.0.0.0");
    expect(fmtIpv4(0xffffffff)).toBe("255.255.255.255");
    expect(fmtIpv4(0xc0a8000a)).toBe("192.168.0.10");
    expect(fmtIpv4Bytes(Uint8Array.of(9, 10, 11, 12, 13), 1)).toBe("10.11.12.13");
  });

  it("IPv6 like bgpdump's fmt_ipv6 (its own test cases, then its differences from inet_ntop)", () => {
    for (const s of [
      "fe80::",
      "2001:db8::1",
      "::ffff:192.168.2.1",
      "::192.168.1.2",
      "2001:7f8:30::2:1:0:8447",
    ]) {
      expect(fmtIpv6(parseIpv6(s))).toBe(s);
    }
    // A single zero group is compressed too (glibc's inet_ntop keeps "2001:db8:1:0:1:2:3:4").
    expect(fmtIpv6(parseIpv6("2001:db8:1:0:1:2:3:4"))).toBe("2001:db8:1::1:2:3:4");
    // First longest run wins.
    expect(fmtIpv6(parseIpv6("1:0:0:2:0:0:3:4"))).toBe("1::2:0:0:3:4");
    expect(fmtIpv6(new Uint8Array(16))).toBe("::");
    expect(fmtIpv6(parseIpv6("::1"))).toBe("::1");
    expect(fmtIpv6(parseIpv6("::2"))).toBe("::0.0.0.2");
    expect(fmtIpv6(parseIpv6("2001:db8:0:1::10"))).toBe("2001:db8:0:1::10");
  });
});
