import { describe, expect, it } from "vitest";
import { ASN4_CONTEXT } from "../../src/context.js";
import { endOfRib, isEndOfRib } from "../../src/message/end-of-rib.js";
import { decodeUpdateBody } from "../../src/message/update.js";
import { parsePrefix } from "../../src/prefix-format.js";
import { encodeWholeUpdate, fromHex, toHex } from "./helpers.js";

describe("End-of-RIB (RFC 4724 §2)", () => {
  it("IPv4 unicast: the empty UPDATE", () => {
    const bytes = encodeWholeUpdate(endOfRib(1, 1), ASN4_CONTEXT);
    expect(toHex(bytes)).toBe(`${"ff".repeat(16)}00170200000000`);
    expect(isEndOfRib(decodeUpdateBody(bytes.subarray(19), ASN4_CONTEXT, 19))).toBe("1/1");
  });

  it("other families: only an empty MP_UNREACH_NLRI", () => {
    const bytes = encodeWholeUpdate(endOfRib(2, 1), ASN4_CONTEXT);
    // ExaBGP's "announce eor ipv6 unicast" vector (it sets Extended Length on the attribute).
    expect(toHex(bytes)).toBe(`${"ff".repeat(16)}001d0200000006800f03000201`);
    expect(isEndOfRib(decodeUpdateBody(bytes.subarray(19), ASN4_CONTEXT, 19))).toBe("2/1");
    const exa = fromHex(`${"ff".repeat(16)}001E0200000007900F0003000201`);
    expect(isEndOfRib(decodeUpdateBody(exa.subarray(19), ASN4_CONTEXT, 19))).toBe("2/1");
    expect(isEndOfRib(endOfRib(1, 128))).toBe("1/128");
  });

  it("is not fooled by withdrawals, announcements or extra attributes", () => {
    const p = { prefix: parsePrefix("10.0.0.0/8") };
    expect(isEndOfRib({ type: "UPDATE", withdrawn: [p], attributes: {}, nlri: [] })).toBeNull();
    expect(isEndOfRib({ type: "UPDATE", withdrawn: [], attributes: { origin: 0 }, nlri: [] })).toBeNull();
    const eor = endOfRib(2, 1);
    expect(isEndOfRib({ ...eor, attributes: { ...eor.attributes, origin: 0 } })).toBeNull();
    const mp = eor.attributes.mpUnreach!;
    const withdraws = { ...mp, withdrawn: [{ prefix: parsePrefix("2001:db8::/32") }] };
    expect(isEndOfRib({ ...eor, attributes: { mpUnreach: withdraws } })).toBeNull();
  });
});
