/** Each modelled attribute decodes and re-encodes; both AS widths; wire order and flags. */
import { describe, expect, it } from "vitest";
import { decodePathAttributes } from "../../src/attributes/decode.js";
import { encodePathAttributes } from "../../src/attributes/encode.js";
import { ASN2_CONTEXT, ASN4_CONTEXT, createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { formatIpv6 } from "../../src/prefix-format.js";
import type { PathAttributes } from "../../src/types/attributes.js";
import { ByteWriter } from "../../src/writer.js";
import { toHex } from "../update/helpers.js";
import { attr, attrs } from "./attr-bytes.js";

function reencode(a: PathAttributes, ctx = ASN4_CONTEXT, readvertise = false): string {
  const w = new ByteWriter(64);
  encodePathAttributes(w, a, ctx, readvertise ? { readvertise } : {});
  return toHex(w.finish());
}

describe("decodePathAttributes", () => {
  it("decodes every modelled attribute (4-octet session) and re-encodes the same bytes", () => {
    const bytes = attrs(
      attr(0x40, 1, "02"),
      attr(0x40, 2, "02020000fde90000fdea 010100000001 0301 0000fdeb"),
      attr(0x40, 3, "0a000001"),
      attr(0x80, 4, "00000064"),
      attr(0x40, 5, "000000c8"),
      attr(0x40, 6, ""),
      attr(0xc0, 7, "0000fde9 c0000201"),
      attr(0xc0, 8, "fde90064 ffffff01"),
      attr(0x80, 9, "0a000002"),
      attr(0x80, 10, "01010101 02020202"),
      attr(0xc0, 16, "0002fde900000064"),
      attr(0xc0, 32, "0000fde9 00000001 00000002"),
      attr(0xe0, 99, "abcd"),
    );
    const { attributes: a, problems } = decodePathAttributes(bytes, ASN4_CONTEXT);
    expect(problems).toEqual([]);
    expect(a.origin).toBe(2);
    expect(a.asPath).toEqual([
      { type: 2, asns: [65001, 65002] },
      { type: 1, asns: [1] },
      { type: 3, asns: [65003] },
    ]);
    expect(a.nextHop).toEqual({ afi: 1, addr: 0x0a000001 });
    expect(a.med).toBe(100);
    expect(a.localPref).toBe(200);
    expect(a.atomicAggregate).toBe(true);
    expect(a.aggregator).toEqual({ asn: 65001, address: 0xc0000201 });
    expect(a.communities).toEqual([0xfde90064, 0xffffff01]);
    expect(a.originatorId).toBe(0x0a000002);
    expect(a.clusterList).toEqual([0x01010101, 0x02020202]);
    expect(a.extendedCommunities?.map(toHex)).toEqual(["0002fde900000064"]);
    expect(a.largeCommunities).toEqual([{ global: 65001, local1: 1, local2: 2 }]);
    expect(a.unknown?.map((u) => [u.flags, u.type, toHex(u.value)])).toEqual([[0xe0, 99, "abcd"]]);
    expect(a.wire?.order).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 32, 99]);
    expect(reencode(a)).toBe(toHex(bytes));
  });

  it("reads AS_PATH and AGGREGATOR 2-octet on a 2-octet session, AS4_* always 4-octet (RFC 6793)", () => {
    const bytes = attrs(
      attr(0x40, 2, "0203 fde9 5ba0 0001"),
      attr(0xc0, 7, "5ba0 c0000201"),
      attr(0xc0, 17, "0203 0000fde9 00030d40 00000001"),
      attr(0xc0, 18, "00030d40 c0000201"),
    );
    const { attributes: a, problems } = decodePathAttributes(bytes, ASN2_CONTEXT);
    expect(problems).toEqual([]);
    expect(a.asPath).toEqual([{ type: 2, asns: [65001, 23456, 1] }]);
    expect(a.aggregator).toEqual({ asn: 23456, address: 0xc0000201 });
    expect(a.as4Path).toEqual([{ type: 2, asns: [65001, 200000, 1] }]);
    expect(a.as4Aggregator).toEqual({ asn: 200000, address: 0xc0000201 });
    expect(reencode(a, ASN2_CONTEXT)).toBe(toHex(bytes));
  });

  it("keeps a needless Extended Length bit, and sets it when a value outgrows one octet", () => {
    const bytes = attrs(attr(0x50, 1, "00"));
    const { attributes } = decodePathAttributes(bytes, ASN4_CONTEXT);
    expect(attributes.wire?.flags).toEqual([0x50]);
    expect(reencode(attributes)).toBe(toHex(bytes));
    const many = Array.from({ length: 70 }, (_, i) => i);
    const out = reencode({ communities: many });
    expect(out.slice(0, 8)).toBe(`d0080118`); // optional transitive + extended length, 280 bytes
  });

  it("splits AS path segments longer than 255 ASes and refuses 4-octet ASes on 2-octet sessions", () => {
    const asns = Array.from({ length: 300 }, (_, i) => i + 1);
    const w = new ByteWriter();
    encodePathAttributes(w, { asPath: [{ type: 2, asns }] }, ASN4_CONTEXT);
    const { attributes } = decodePathAttributes(w.finish(), ASN4_CONTEXT);
    expect(attributes.asPath?.map((s) => s.asns.length)).toEqual([255, 45]);
    expect(attributes.asPath?.flatMap((s) => s.asns)).toEqual(asns);
    expect(() =>
      encodePathAttributes(new ByteWriter(), { asPath: [{ type: 2, asns: [70000] }] }, ASN2_CONTEXT),
    ).toThrowError(BgpWireError);
  });

  it("writes canonical order (ascending type) for attributes without wire info", () => {
    const hex = reencode({ localPref: 100, origin: 0, asPath: [], nextHop: { afi: 1, addr: 1 } });
    expect(hex).toBe(
      `${attr(0x40, 1, "00")}${attr(0x40, 2, "")}${attr(0x40, 3, "00000001")}${attr(0x40, 5, "00000064")}`,
    );
  });

  it("on re-advertisement sets PARTIAL on optional transitive unknowns and drops non-transitive ones", () => {
    const bytes = attrs(attr(0xc0, 99, "01"), attr(0x80, 100, "02"));
    const { attributes } = decodePathAttributes(bytes, ASN4_CONTEXT);
    expect(reencode(attributes)).toBe(toHex(bytes));
    expect(reencode(attributes, ASN4_CONTEXT, true)).toBe(attr(0xe0, 99, "01"));
  });
});

describe("MP_REACH_NLRI / MP_UNREACH_NLRI", () => {
  it("decodes IPv6 unicast with a link-local next hop (RFC 2545 §3)", () => {
    const nh = "20010db8000000000000000000000001 fe800000000000000000000000000001";
    const bytes = attrs(attr(0x80, 14, `0002 01 20 ${nh} 00 30 20010db80001`));
    const { attributes } = decodePathAttributes(bytes, ASN4_CONTEXT);
    const mp = attributes.mpReach!;
    expect(mp.nextHop?.afi === 2 && formatIpv6(mp.nextHop.addr)).toBe("2001:db8::1");
    expect(mp.linkLocal && formatIpv6(mp.linkLocal.addr)).toBe("fe80::1");
    expect(mp.nlri.map((e) => e.prefix.len)).toEqual([48]);
    expect(mp.nextHopBytes.length).toBe(32);
    expect(reencode(attributes)).toBe(toHex(bytes));
  });

  it("decodes IPv4 NLRI over an IPv6 next hop (RFC 8950) and ADD-PATH in MP_REACH", () => {
    const bytes = attrs(attr(0x80, 14, "0001 01 10 20010db8000000000000000000000001 00 00000007 180a0000"));
    const ctx = createContext({ asn4: true, addPathReceive: ["1/1"], addPathSend: ["1/1"] });
    const { attributes } = decodePathAttributes(bytes, ctx);
    expect(attributes.mpReach?.nextHop?.afi).toBe(2);
    expect(attributes.mpReach?.nlri).toEqual([{ prefix: { afi: 1, addr: 0x0a000000, len: 24 }, pathId: 7 }]);
    expect(reencode(attributes, ctx)).toBe(toHex(bytes));
  });

  it("keeps other families raw (here VPNv4: AFI 1 SAFI 128)", () => {
    const bytes = attrs(
      attr(0x80, 14, "0001 80 0c 0000000000000000c0000201 00 700001410000000100000001 0a0000"),
    );
    const { attributes } = decodePathAttributes(bytes, ASN4_CONTEXT);
    const mp = attributes.mpReach!;
    expect(mp.nextHop).toBeNull();
    expect(mp.nlri).toEqual([]);
    expect(toHex(mp.nlriBytes)).toBe("7000014100000001000000010a0000");
    expect(reencode(attributes)).toBe(toHex(bytes));
  });

  it("decodes MP_UNREACH_NLRI withdrawals", () => {
    const bytes = attrs(attr(0x80, 15, "0002 01 2020010db8"));
    const { attributes } = decodePathAttributes(bytes, ASN4_CONTEXT);
    expect(attributes.mpUnreach?.withdrawn.map((e) => e.prefix.len)).toEqual([32]);
    expect(reencode(attributes)).toBe(toHex(bytes));
  });
});
