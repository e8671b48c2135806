/** fast-check: decode(encode(x)) = x for generated OPEN, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ASN2_CONTEXT, ASN4_CONTEXT } from "../../src/context.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { encodeMessage } from "../../src/message/encode-message.js";
import type { AddPathMode, Capability } from "../../src/types/capabilities.js";
import type {
  BgpMessage,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
} from "../../src/types/messages.js";
import { hex } from "./helpers.js";

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const fam = fc.record({ afi: u16, safi: u8 });
const modelled = new Set([1, 2, 5, 6, 9, 64, 65, 69, 70, 71, 73]);
const name = fc.string({ unit: "grapheme", maxLength: 8 });

const capabilityArb: fc.Arbitrary<Capability> = fc.oneof(
  fam.map(({ afi, safi }) => ({ code: 1 as const, afi, safi })),
  fc.constant({ code: 2 as const }),
  fc
    .array(fc.record({ afi: u16, safi: u16, nextHopAfi: u16 }), { maxLength: 4 })
    .map((entries) => ({ code: 5 as const, entries })),
  fc.constant({ code: 6 as const }),
  u8.map((role) => ({ code: 9 as const, role })),
  fc
    .record({
      restarting: fc.boolean(),
      notification: fc.boolean(),
      restartTime: fc.integer({ min: 0, max: 4095 }),
      families: fc.array(fc.record({ afi: u16, safi: u8, forwardingPreserved: fc.boolean() }), {
        maxLength: 4,
      }),
    })
    .map((r) => ({ code: 64 as const, ...r })),
  u32.map((asn) => ({ code: 65 as const, asn })),
  fc
    .array(fc.record({ afi: u16, safi: u8, mode: fc.constantFrom<AddPathMode>(1, 2, 3) }), { maxLength: 4 })
    .map((entries) => ({ code: 69 as const, entries })),
  fc.constant({ code: 70 as const }),
  fc
    .array(
      fc.record({
        afi: u16,
        safi: u8,
        forwardingPreserved: fc.boolean(),
        staleTime: fc.integer({ min: 0, max: 0xffffff }),
      }),
      { maxLength: 4 },
    )
    .map((families) => ({ code: 71 as const, families })),
  fc.record({ hostname: name, domain: name }).map((r) => ({ code: 73 as const, ...r })),
  fc
    .record({
      code: u8.filter((c) => !modelled.has(c)),
      value: fc.uint8Array({ maxLength: 16 }),
    })
    .map(({ code, value }) => ({ code, raw: true as const, value })),
);

const openArb: fc.Arbitrary<OpenMessage> = fc
  .record({
    version: u8,
    myAs: u16,
    holdTime: u16,
    bgpId: u32,
    capabilities: fc.array(capabilityArb, { maxLength: 12 }),
    others: fc.array(
      fc.record({ type: u8.filter((t) => t !== 2 && t !== 255), value: fc.uint8Array({ maxLength: 8 }) }),
      { maxLength: 2 },
    ),
    extended: fc.boolean(),
  })
  .map(({ others, extended, ...r }) => ({
    type: "OPEN" as const,
    ...r,
    ...(others.length > 0 ? { otherParameters: others } : {}),
    ...(extended ? { extendedParameters: true } : {}),
  }));

const notificationArb: fc.Arbitrary<NotificationMessage> = fc.record({
  type: fc.constant("NOTIFICATION" as const),
  code: u8,
  subcode: u8,
  data: fc.uint8Array({ maxLength: 200 }),
});

const routeRefreshArb: fc.Arbitrary<RouteRefreshMessage> = fc
  .record({ afi: u16, safi: u8, subtype: u8, orf: fc.uint8Array({ maxLength: 30 }) })
  .map(({ orf, ...r }) => ({
    type: "ROUTE_REFRESH" as const,
    ...r,
    // BoRR/EoRR carry nothing after the fixed part (RFC 7313 §5).
    ...(orf.length > 0 && r.subtype !== 1 && r.subtype !== 2 ? { orf } : {}),
  }));

const messageArb: fc.Arbitrary<BgpMessage> = fc.oneof(
  openArb,
  notificationArb,
  routeRefreshArb,
  fc.constant({ type: "KEEPALIVE" as const }),
);

/** The decoded message without OPEN's wire layout and the extended flag the encoder may add. */
function comparable(m: BgpMessage, original: BgpMessage): BgpMessage {
  if (m.type !== "OPEN" || original.type !== "OPEN") return m;
  const { wire: _wire, extendedParameters, ...rest } = m;
  return original.extendedParameters === true ? { ...rest, extendedParameters: extendedParameters! } : rest;
}

describe("decode(encode(x)) = x", () => {
  it("for every generated non-UPDATE message, with 2- and 4-octet AS contexts", () => {
    fc.assert(
      fc.property(messageArb, fc.boolean(), (msg, asn4) => {
        const ctx = asn4 ? ASN4_CONTEXT : ASN2_CONTEXT;
        const bytes = encodeMessage(msg, ctx);
        const back = decodeMessage(bytes, ctx);
        expect(comparable(back, msg)).toEqual(msg);
        // And the decoded message re-encodes to the same bytes (through OPEN's `wire`).
        expect(hex(encodeMessage(back, ctx))).toBe(hex(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it("an OPEN too big for classic lengths comes back in the RFC 9072 form", () => {
    fc.assert(
      fc.property(openArb, (open) => {
        const big: OpenMessage = {
          ...open,
          capabilities: [
            ...open.capabilities,
            ...Array.from({ length: 50 }, () => ({ code: 65 as const, asn: 1 })),
          ],
        };
        const back = decodeMessage(encodeMessage(big, ASN4_CONTEXT), ASN4_CONTEXT);
        expect(back).toMatchObject({ extendedParameters: true, capabilities: big.capabilities });
      }),
      { numRuns: 100 },
    );
  });
});
