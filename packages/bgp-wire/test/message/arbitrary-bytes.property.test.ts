/** fast-check: hostile bytes give only BgpWireError, never a RangeError or TypeError. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ASN2_CONTEXT, ASN4_CONTEXT, createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { MessageFramer } from "../../src/message/framer.js";
import { materializeUpdate } from "../../src/message/update.js";
import { concat, header } from "./helpers.js";

const contexts = [
  ASN2_CONTEXT,
  ASN4_CONTEXT,
  createContext({ asn4: true, extendedMessage: true, addPathReceive: ["1/1", "2/1"] }),
];

/** Decodes fully (lazy UPDATE sections included); returns the error thrown, if any. */
function attempt(bytes: Uint8Array, ctxIndex: number): unknown {
  try {
    const m = decodeMessage(bytes, contexts[ctxIndex]!);
    if (m.type === "UPDATE") materializeUpdate(m);
    return undefined;
  } catch (e) {
    return e;
  }
}

function onlyWireErrors(err: unknown): void {
  if (err !== undefined) expect(err).toBeInstanceOf(BgpWireError);
}

/** A valid header of the given type around random body bytes, so decoding gets past the header. */
const framedArb = fc
  .tuple(fc.constantFrom(1, 2, 3, 4, 5), fc.uint8Array({ maxLength: 120 }))
  .map(([type, body]) => concat(header(19 + body.length, type), body));

describe("arbitrary bytes → only BgpWireError", () => {
  it("fully random buffers", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(2), (b, c) => onlyWireErrors(attempt(b, c))),
      { numRuns: 2000 },
    );
  });

  it("random bodies behind a valid header, for every message type", () => {
    fc.assert(
      fc.property(framedArb, fc.nat(2), (b, c) => onlyWireErrors(attempt(b, c))),
      { numRuns: 5000 },
    );
  });

  it("random OPEN parameter blocks, classic and RFC 9072", () => {
    const openArb = fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 80 })).map(([ext, params]) => {
      const fixed = [4, 0xfd, 0xe9, 0, 90, 10, 0, 0, 1];
      const body = ext
        ? [...fixed, 255, 255, params.length >> 8, params.length & 255, ...params]
        : [...fixed, params.length, ...params];
      return concat(header(19 + body.length, 1), Uint8Array.from(body));
    });
    fc.assert(
      fc.property(openArb, (b) => onlyWireErrors(attempt(b, 1))),
      { numRuns: 3000 },
    );
  });

  it("random streams through the framer", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(framedArb, fc.uint8Array({ maxLength: 40 })), { maxLength: 6 }),
        (parts) => {
          const f = new MessageFramer();
          try {
            for (const p of parts) for (const m of f.push(p)) onlyWireErrors(attempt(m, 1));
          } catch (e) {
            expect(e).toBeInstanceOf(BgpWireError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
