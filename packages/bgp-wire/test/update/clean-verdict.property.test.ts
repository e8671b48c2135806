/**
 * `action` / `problems` of a lazy UPDATE come from `attributesClean` (no decoding) when the
 * field is clean, from the full decode otherwise. Both routes must give the same verdict on any
 * field: generated from valid and broken variants of every modelled attribute, wrong flags,
 * repeats, unknown attributes, cut headers and missing mandatory ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ASN2_CONTEXT, ASN4_CONTEXT } from "../../src/context.js";
import { isBgpWireError } from "../../src/errors.js";
import { decodeUpdateBody } from "../../src/message/update.js";
import { attr, attrs, body } from "../attributes/attr-bytes.js";

const h = (n: number) => n.toString(16).padStart(2, "0");
const bytesHex = (len: number, seed: number) =>
  Array.from({ length: len }, (_, i) => h((seed * 31 + i * 7) & 0xff)).join("");

/** Values per type: well-formed ones first, then broken ones (for both AS widths where it matters). */
const VALUES: Record<number, string[]> = {
  1: ["00", "02", "03", "", "0000"],
  2: [
    "0201 0000fde9",
    "0202 0000fde9 00010000",
    "0101 0000fde9",
    "",
    "0200",
    "0502 0000fde9 00000001",
    "0203 0000fde9",
    "0201fde9",
    "02",
  ],
  3: ["c0000201", "c00002", "c000020100"],
  4: ["00000064", "000064", ""],
  5: ["00000064", "0000006400"],
  6: ["", "00"],
  7: ["0000fde9 c0000201", "fde9 c0000201", "c0000201"],
  8: ["fde90064", "fde90064 fde90065", "fde900", ""],
  9: ["c0000201", "c00002"],
  10: ["c0000201", "c0000201 c0000202", "c000", ""],
  16: ["0002fde900000064", "0002fde9000000", ""],
  17: ["0201 0000fde9", "0201 0000fde9 00", "0201"],
  18: ["0000fde9 c0000201", "c0000201"],
  32: ["0000fde9 00000001 00000002", "0000fde9 00000001", ""],
};

/** The usual flags of each type (RFC 4271 §5 and the defining RFCs). */
const FLAGS: Record<number, number> = {
  1: 0x40,
  2: 0x40,
  3: 0x40,
  4: 0x80,
  5: 0x40,
  6: 0x40,
  7: 0xc0,
  8: 0xc0,
  9: 0x80,
  10: 0x80,
  16: 0xc0,
  17: 0xc0,
  18: 0xc0,
  32: 0xc0,
};

const oneAttr = fc.oneof(
  // A modelled attribute: usually its own flags (sometimes Extended Length), sometimes wrong ones.
  fc
    .record({
      type: fc.constantFrom(...Object.keys(VALUES).map(Number)),
      pick: fc.nat(),
      flagsMode: fc.constantFrom("usual", "usual", "usual", "extended", "wrong"),
      wrong: fc.constantFrom(0x00, 0x40, 0x80, 0xc0, 0xe0),
    })
    .map(({ type, pick, flagsMode, wrong }) => {
      const list = VALUES[type]!;
      const value = list[pick % list.length]!;
      const usual = FLAGS[type]!;
      const flags = flagsMode === "usual" ? usual : flagsMode === "extended" ? usual | 0x10 : wrong;
      return attr(flags, type, value);
    }),
  // An unknown attribute: optional (kept) or well-known (resets the session at decode).
  fc
    .record({ type: fc.constantFrom(99, 200, 241), optional: fc.boolean(), len: fc.nat(6) })
    .map(({ type, optional, len }) => attr(optional ? 0xc0 : 0x40, type, bytesHex(len, type))),
);

const field = fc.record({
  parts: fc.array(oneAttr, { maxLength: 9 }),
  mandatory: fc.boolean(),
  cut: fc.nat(4),
  nlri: fc.boolean(),
});

/** ORIGIN, AS_PATH (4-octet) and NEXT_HOP, most of the time, so that clean fields are common. */
const MANDATORY4 = [attr(0x40, 1, "00"), attr(0x40, 2, "0201 0000fde9"), attr(0x40, 3, "c0000201")];
const MANDATORY2 = [attr(0x40, 1, "00"), attr(0x40, 2, "0201 fde9"), attr(0x40, 3, "c0000201")];

describe("lazy UPDATE: the clean verdict without decoding", () => {
  it("gives the same action and problems as the full decode (property)", () => {
    let clean = 0;
    let dirty = 0;
    fc.assert(
      fc.property(field, fc.boolean(), ({ parts, mandatory, cut, nlri }, asn4) => {
        const ctx = asn4 ? ASN4_CONTEXT : ASN2_CONTEXT;
        let a = attrs(...(mandatory ? (asn4 ? MANDATORY4 : MANDATORY2) : []), ...parts);
        // Now and then a field cut short inside its last attribute (treat-as-withdraw).
        if (cut === 1 && a.length > 2) a = a.subarray(0, a.length - 1);
        const input = body("", a, nlri ? "180a0000" : "");
        let fast: ReturnType<typeof decodeUpdateBody>;
        let full: ReturnType<typeof decodeUpdateBody>;
        try {
          fast = decodeUpdateBody(input, ctx, 19);
          full = decodeUpdateBody(input, ctx, 19);
        } catch (e) {
          // Session-reset faults are thrown by the decode itself, before any verdict.
          expect(isBgpWireError(e)).toBe(true);
          return;
        }
        // `fast` answers from attributesClean when it can; `full` is made to decode first.
        const action = fast.action;
        const problems = fast.problems;
        void full.attributes;
        expect(action).toBe(full.action);
        expect(problems.map((p) => [p.subcode, p.action])).toEqual(
          full.problems.map((p) => [p.subcode, p.action]),
        );
        if (full.problems.length === 0) clean++;
        else dirty++;
      }),
      { seed: 7606, numRuns: 3000 },
    );
    // Both kinds of field were generated, so both routes were compared.
    expect(clean).toBeGreaterThan(200);
    expect(dirty).toBeGreaterThan(200);
  });

  it("answers a clean UPDATE's action without decoding its attributes", () => {
    const input = body("", attrs(...MANDATORY4, attr(0xc0, 8, "fde90064")), "180a0000");
    const msg = decodeUpdateBody(input, ASN4_CONTEXT, 19);
    expect(msg.action).toBeUndefined();
    expect(msg.problems).toEqual([]);
    expect(msg.hasMpAttributes).toBe(false);
    // The attributes are still there on demand, decoded once.
    expect(msg.attributes.communities).toEqual([0xfde90064]);
    expect(msg.attributes).toBe(msg.attributes);
  });

  it("says whether MP_REACH_NLRI / MP_UNREACH_NLRI are present", () => {
    const input = body("", attrs(attr(0x80, 15, "000201 2020010db8")), "");
    expect(decodeUpdateBody(input, ASN4_CONTEXT, 19).hasMpAttributes).toBe(true);
  });
});
