/**
 * RFC 7606: each malformation gets its action, the RFC 4271 §6.3 code/subcode and the
 * erroneous attribute as data. Survivable ones are data (`problems`); the rest are thrown.
 */
import { describe, expect, it } from "vitest";
import { decodePathAttributes } from "../../src/attributes/decode.js";
import { ASN4_CONTEXT } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeUpdateBody } from "../../src/message/update.js";
import { fromHex, toHex } from "../update/helpers.js";
import { attr, attrs, body, MANDATORY } from "./attr-bytes.js";

/** [name, attribute hex, action, subcode, field that must be absent afterwards] */
const SURVIVABLE: [string, string, string, number, string | null][] = [
  ["ORIGIN with an undefined value (§7.1)", attr(0x40, 1, "03"), "treat-as-withdraw", 6, "origin"],
  ["ORIGIN of 2 octets (§7.1)", attr(0x40, 1, "0000"), "treat-as-withdraw", 5, "origin"],
  ["AS_PATH with segment type 5 (§7.2)", attr(0x40, 2, "0501 00000001"), "treat-as-withdraw", 11, "asPath"],
  ["AS_PATH with an empty segment (§7.2)", attr(0x40, 2, "0200"), "treat-as-withdraw", 11, "asPath"],
  ["AS_PATH segment overrun (§7.2)", attr(0x40, 2, "0203 00000001"), "treat-as-withdraw", 11, "asPath"],
  ["AS_PATH trailing octet (§7.2)", attr(0x40, 2, "0201 00000001 02"), "treat-as-withdraw", 11, "asPath"],
  ["NEXT_HOP of 5 octets (§7.3)", attr(0x40, 3, "0102030405"), "treat-as-withdraw", 5, "nextHop"],
  ["MULTI_EXIT_DISC of 3 octets (§7.4)", attr(0x80, 4, "000001"), "treat-as-withdraw", 5, "med"],
  ["LOCAL_PREF of 0 octets (§7.5)", attr(0x40, 5, ""), "treat-as-withdraw", 5, "localPref"],
  ["ATOMIC_AGGREGATE with a value (§7.6)", attr(0x40, 6, "01"), "attribute-discard", 5, "atomicAggregate"],
  [
    "AGGREGATOR of 6 octets on a 4-octet session (§7.7)",
    attr(0xc0, 7, "fde9c0000201"),
    "attribute-discard",
    5,
    "aggregator",
  ],
  ["COMMUNITIES of 5 octets (§7.8)", attr(0xc0, 8, "0000000100"), "treat-as-withdraw", 9, "communities"],
  ["COMMUNITIES of 0 octets (§7.8)", attr(0xc0, 8, ""), "treat-as-withdraw", 9, "communities"],
  [
    "ORIGINATOR_ID of 8 octets (§7.9)",
    attr(0x80, 9, "0000000100000002"),
    "treat-as-withdraw",
    5,
    "originatorId",
  ],
  ["CLUSTER_LIST of 6 octets (§7.10)", attr(0x80, 10, "000000010000"), "treat-as-withdraw", 9, "clusterList"],
  [
    "EXTENDED_COMMUNITIES of 9 octets (§7.14)",
    attr(0xc0, 16, "000000000000000000"),
    "treat-as-withdraw",
    9,
    "extendedCommunities",
  ],
  [
    "AS4_PATH with an empty segment (RFC 6793 §6)",
    attr(0xc0, 17, "020000000000"),
    "attribute-discard",
    11,
    "as4Path",
  ],
  ["AS4_PATH shorter than 6 octets (RFC 6793 §6)", attr(0xc0, 17, "0201"), "attribute-discard", 9, "as4Path"],
  [
    "AS4_AGGREGATOR of 6 octets (RFC 6793 §6)",
    attr(0xc0, 18, "0001c0000201"),
    "attribute-discard",
    5,
    "as4Aggregator",
  ],
  [
    "LARGE_COMMUNITIES of 8 octets (RFC 8092 §6)",
    attr(0xc0, 32, "0000000100000002"),
    "treat-as-withdraw",
    9,
    "largeCommunities",
  ],
];

describe("survivable malformations (returned as problems)", () => {
  it.each(SURVIVABLE)("%s", (_name, hex, action, subcode, field) => {
    const bytes = attrs(attr(0xc0, 99, "01"), hex);
    const { attributes, problems, action: strongest } = decodePathAttributes(bytes, ASN4_CONTEXT, 100);
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p).toBeInstanceOf(BgpWireError);
    expect({ code: p.code, subcode: p.subcode, action: p.action }).toEqual({ code: 3, subcode, action });
    expect(strongest).toBe(action);
    // RFC 4271 §6.3: the data field is the erroneous attribute (type, length, value).
    expect(toHex(p.data)).toBe(hex);
    expect(p.offset).toBe(104);
    if (field) expect(attributes).not.toHaveProperty(field);
    // The first attribute survives; the bad one is not listed for re-encoding.
    expect(attributes.unknown).toHaveLength(1);
    expect(attributes.wire?.order).toEqual([99]);
  });

  it("a flags conflict is treat-as-withdraw with subcode 4, the value still decoded (§3 (c))", () => {
    const { attributes, problems } = decodePathAttributes(attrs(attr(0xc0, 1, "00")), ASN4_CONTEXT);
    expect(problems.map((p) => [p.subcode, p.action, toHex(p.data)])).toEqual([
      [4, "treat-as-withdraw", "c0010100"],
    ]);
    expect(attributes.origin).toBe(0);
  });

  it("keeps the first of repeated attributes and discards the rest (§3 (g))", () => {
    const { attributes, problems } = decodePathAttributes(
      attrs(attr(0x40, 5, "00000064"), attr(0x40, 5, "000000c8")),
      ASN4_CONTEXT,
    );
    expect(attributes.localPref).toBe(100);
    expect(problems.map((p) => [p.subcode, p.action])).toEqual([[1, "attribute-discard"]]);
  });

  it("an attribute running past the field is treat-as-withdraw and ends the walk (§4)", () => {
    const bytes = fromHex(`${attr(0x40, 1, "00")}400504000000`);
    const { attributes, problems } = decodePathAttributes(bytes, ASN4_CONTEXT);
    expect(attributes.origin).toBe(0);
    expect(problems.map((p) => [p.subcode, p.action])).toEqual([[5, "treat-as-withdraw"]]);
  });

  it("too few octets left for an attribute header is treat-as-withdraw (§4)", () => {
    const { problems } = decodePathAttributes(fromHex(`${attr(0x40, 1, "00")}5005`), ASN4_CONTEXT);
    expect(problems.map((p) => [p.subcode, p.action])).toEqual([[5, "treat-as-withdraw"]]);
  });

  it("reports the strongest action of several problems (§3 (h))", () => {
    const { problems, action } = decodePathAttributes(
      attrs(attr(0x40, 6, "01"), attr(0x40, 1, "07")),
      ASN4_CONTEXT,
    );
    expect(problems.map((p) => p.action)).toEqual(["attribute-discard", "treat-as-withdraw"]);
    expect(action).toBe("treat-as-withdraw");
  });
});

function thrown(f: () => unknown): BgpWireError {
  try {
    f();
  } catch (e) {
    if (e instanceof BgpWireError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("errors that end the session or the family (thrown)", () => {
  it("an unrecognized well-known attribute: subcode 2, session reset (RFC 4271 §6.3)", () => {
    const e = thrown(() => decodePathAttributes(attrs(attr(0x40, 99, "01")), ASN4_CONTEXT));
    expect([e.code, e.subcode, e.action, toHex(e.data)]).toEqual([3, 2, "session-reset", "40630101"]);
  });

  it("a repeated MP_REACH_NLRI: Malformed Attribute List, session reset (§3 (g))", () => {
    const mp = attr(0x80, 15, "000201");
    const e = thrown(() => decodePathAttributes(attrs(mp, mp), ASN4_CONTEXT));
    expect([e.subcode, e.action]).toEqual([1, "session-reset"]);
  });

  it.each([
    ["MP_REACH_NLRI too short", attr(0x80, 14, "00020110")],
    ["MP_REACH_NLRI next hop of 5 octets for IPv6", attr(0x80, 14, `000201 05 0102030405 00`)],
    ["MP_REACH_NLRI next hop past the attribute", attr(0x80, 14, `000201 20 0102030405 00`)],
    ["MP_REACH_NLRI prefix of 129 bits", attr(0x80, 14, `000201 10 20010db8000000000000000000000001 00 81`)],
    ["MP_UNREACH_NLRI of 2 octets", attr(0x80, 15, "0002")],
    ["MP_UNREACH_NLRI prefix past the end", attr(0x80, 15, "000101 18 0a00")],
  ])("%s: AFI/SAFI disable, Optional Attribute Error (RFC 7606 §7.11, RFC 4760 §7)", (_n, hex) => {
    const e = thrown(() => decodePathAttributes(attrs(hex), ASN4_CONTEXT));
    expect([e.code, e.subcode, e.action]).toEqual([3, 9, "afi-safi-disable"]);
    expect(toHex(e.data)).toBe(hex.replace(/ /g, ""));
  });

  it("an MP_UNREACH_NLRI cut by the field end: session reset, its prefixes cannot be found (§5.3)", () => {
    const e = thrown(() => decodePathAttributes(fromHex("800f0500020120"), ASN4_CONTEXT));
    expect([e.subcode, e.action]).toEqual([5, "session-reset"]);
  });
});

describe("UPDATE-level checks", () => {
  it("section lengths that do not add up: Malformed Attribute List, session reset", () => {
    for (const hex of ["00", "0005 00", "0000 0005 4001"]) {
      const e = thrown(() => decodeUpdateBody(fromHex(hex), ASN4_CONTEXT, 19));
      expect([e.code, e.subcode, e.action]).toEqual([3, 1, "session-reset"]);
    }
  });

  it("malformed withdrawn or NLRI fields: Invalid Network Field, session reset (§5.3)", () => {
    for (const b of [body("21", attrs(...MANDATORY), ""), body("", attrs(...MANDATORY), "180a00")]) {
      const e = thrown(() => decodeUpdateBody(b, ASN4_CONTEXT, 19));
      expect([e.code, e.subcode, e.action]).toEqual([3, 10, "session-reset"]);
    }
  });

  it("missing well-known attributes with NLRI: treat-as-withdraw, data = the type (§3 (d))", () => {
    const msg = decodeUpdateBody(body("", attrs(MANDATORY[0]!, MANDATORY[2]!), "080a"), ASN4_CONTEXT, 19);
    expect(msg.action).toBe("treat-as-withdraw");
    expect(msg.problems.map((p) => [p.subcode, [...p.data]])).toEqual([[3, [2]]]);
    expect(msg.nlri).toHaveLength(1); // the prefixes the caller must withdraw
  });

  it("NEXT_HOP is only mandatory with the IPv4 NLRI field (RFC 4760 §3)", () => {
    const mp = attr(0x80, 14, "000201 10 20010db8000000000000000000000001 00 2020010db8");
    const msg = decodeUpdateBody(body("", attrs(MANDATORY[0]!, MANDATORY[1]!, mp), ""), ASN4_CONTEXT, 19);
    expect(msg.problems).toEqual([]);
    const noAsPath = decodeUpdateBody(body("", attrs(MANDATORY[0]!, mp), ""), ASN4_CONTEXT, 19);
    expect(noAsPath.problems.map((p) => [p.subcode, [...p.data]])).toEqual([[3, [2]]]);
  });

  it("withdrawals alone need no attributes", () => {
    const msg = decodeUpdateBody(body("080a", new Uint8Array(0), ""), ASN4_CONTEXT, 19);
    expect(msg.problems).toEqual([]);
    expect(msg.action).toBeUndefined();
    expect(msg.withdrawn.map((e) => e.prefix.len)).toEqual([8]);
  });

  it("reports offsets in the whole message", () => {
    const msg = decodeUpdateBody(
      body("", attrs(attr(0x40, 1, "09"), ...MANDATORY.slice(1)), "080a"),
      ASN4_CONTEXT,
      19,
    );
    expect(msg.problems[0]?.offset).toBe(23);
  });
});
