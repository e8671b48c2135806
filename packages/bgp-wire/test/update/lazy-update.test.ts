/** The lazy UPDATE: sections are views, decoded once on first access, and never throw later. */
import { describe, expect, it } from "vitest";
import { ASN4_CONTEXT } from "../../src/context.js";
import { decodeUpdateBody, materializeUpdate } from "../../src/message/update.js";
import { attr, attrs, body, MANDATORY } from "../attributes/attr-bytes.js";
import { toHex } from "./helpers.js";

describe("decodeUpdateBody", () => {
  const input = body("080b", attrs(...MANDATORY, attr(0x40, 1, "00")), "180a0000 100a01");

  it("exposes the three sections as views into the input", () => {
    const msg = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    for (const v of [msg.withdrawnBytes, msg.attributeBytes, msg.nlriBytes])
      expect(v.buffer).toBe(input.buffer);
    expect(toHex(msg.withdrawnBytes)).toBe("080b");
    expect(toHex(msg.nlriBytes)).toBe("180a0000100a01");
    expect([msg.withdrawnCount, msg.nlriCount]).toEqual([1, 2]);
  });

  it("decodes each section once and caches it", () => {
    const msg = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    expect(msg.nlri).toBe(msg.nlri);
    expect(msg.withdrawn).toBe(msg.withdrawn);
    expect(msg.attributes).toBe(msg.attributes);
    expect(msg.problems).toBe(msg.problems);
  });

  it("reports problems whichever getter is read first", () => {
    // A repeated ORIGIN: the later copy is discarded (RFC 7606 §3 (g)).
    const a = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    expect(a.action).toBe("attribute-discard");
    const b = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    expect(b.problems).toHaveLength(1);
    expect(b.attributes.origin).toBe(0);
  });

  it("materializes into a plain object with the same content", () => {
    const msg = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    const plain = materializeUpdate(msg);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain.nlri).toEqual(msg.nlri);
    expect(plain.action).toBe("attribute-discard");
    expect(structuredClone(plain).nlri).toEqual(msg.nlri);
  });
});

describe("flags of MP_* attributes decoded by the scan", () => {
  it("still reports a flags conflict on MP_UNREACH_NLRI (RFC 7606 §3 (c))", () => {
    const input = body("", attrs(attr(0xc0, 15, "000201 2020010db8")), "");
    const msg = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    expect(msg.problems.map((p) => [p.subcode, p.action])).toEqual([[4, "treat-as-withdraw"]]);
    expect(msg.attributes.mpUnreach?.withdrawn).toHaveLength(1);
  });
});
