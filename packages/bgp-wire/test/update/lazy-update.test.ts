/** The lazy UPDATE: sections are views, decoded once on first access, and never throw later. */
import { describe, expect, it } from "vitest";
import { ASN4_CONTEXT } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeUpdateBody, decodeUpdateBodyAt, materializeUpdate } from "../../src/message/update.js";
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

  it("gives the sections as index ranges of its input too", () => {
    const msg = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    expect(msg.bytes).toBe(input);
    expect(toHex(input.subarray(msg.withdrawnStart, msg.attributesStart - 2))).toBe("080b");
    expect(toHex(input.subarray(msg.attributesStart, msg.nlriStart))).toBe(toHex(msg.attributeBytes));
    expect(toHex(input.subarray(msg.nlriStart, msg.end))).toBe("180a0000100a01");
    expect(msg.end).toBe(input.length);
  });

  it("decodes a body lying inside a larger buffer as the body alone (decodeUpdateBodyAt)", () => {
    const buf = new Uint8Array(input.length + 30).fill(0xff);
    buf.set(input, 17);
    const at = decodeUpdateBodyAt(buf, 17, 17 + input.length, ASN4_CONTEXT, 19);
    const alone = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    expect(at.bytes).toBe(buf);
    expect([at.withdrawnStart, at.attributesStart, at.nlriStart, at.end]).toEqual(
      [alone.withdrawnStart, alone.attributesStart, alone.nlriStart, alone.end].map((x) => x + 17),
    );
    expect(toHex(at.nlriBytes)).toBe(toHex(alone.nlriBytes));
    expect(toHex(at.withdrawnBytes)).toBe(toHex(alone.withdrawnBytes));
    expect(materializeUpdate(at)).toEqual(materializeUpdate(alone));
    // Error offsets are the caller's, not indexes of the larger buffer: a prefix length of 33,
    // the body's last byte.
    const bad = body("", attrs(...MANDATORY), "21");
    const wide = new Uint8Array(bad.length + 40);
    wide.set(bad, 40);
    const offsets = [
      () => decodeUpdateBody(bad, ASN4_CONTEXT, 19),
      () => decodeUpdateBodyAt(wide, 40, wide.length, ASN4_CONTEXT, 19),
    ].map((f) => {
      try {
        f();
        return -1;
      } catch (e) {
        expect(e).toBeInstanceOf(BgpWireError);
        return (e as BgpWireError).offset;
      }
    });
    expect(offsets[0]).toBe(19 + bad.length - 1);
    expect(offsets[1]).toBe(offsets[0]);
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
