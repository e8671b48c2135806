import { describe, expect, it } from "vitest";
import { copyPathAttributes } from "../../src/attributes/copy.js";
import { decodePathAttributes } from "../../src/attributes/decode.js";
import { ASN4_CONTEXT } from "../../src/context.js";
import { attr, attrs } from "./attr-bytes.js";

describe("copyPathAttributes", () => {
  it("copies every view so the input can be reused", () => {
    const input = attrs(
      attr(0xc0, 16, "0002fde900000064"),
      attr(0xc0, 99, "abcd"),
      attr(0x80, 14, "0001 80 0c 0000000000000000c0000201 00 0a0000"),
      attr(0x80, 15, "000180 0a0000"),
    );
    const decoded = decodePathAttributes(input, ASN4_CONTEXT).attributes;
    const copy = copyPathAttributes(decoded);
    const before = structuredClone(copy);
    input.fill(0);
    expect(copy).toEqual(before);
    for (const v of [
      copy.extendedCommunities![0]!,
      copy.unknown![0]!.value,
      copy.mpReach!.nextHopBytes,
      copy.mpReach!.nlriBytes,
      copy.mpUnreach!.withdrawnBytes,
    ]) {
      expect(v.buffer).not.toBe(input.buffer);
    }
    // The decoded original did alias the input (now zeroed).
    expect([...decoded.unknown![0]!.value]).toEqual([0, 0]);
  });

  it("returns attributes without views as they are", () => {
    const a = { origin: 0 as const, med: 5 };
    expect(copyPathAttributes(a)).toBe(a);
  });
});
