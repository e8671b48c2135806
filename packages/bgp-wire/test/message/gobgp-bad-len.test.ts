/**
 * GoBGP's malformed-length corpus (TestParseMessageWithBadLength): every input must be rejected
 * with the NOTIFICATION RFC 4271 §6 prescribes. The fuzzer left ASCII "0" markers, so as-is
 * they are Connection Not Synchronized; with the marker repaired, each fails deeper.
 */
import { describe, expect, it } from "vitest";
import { ASN4_CONTEXT } from "../../src/context.js";
import { BgpWireError, Rfc7606Action } from "../../src/errors.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { MessageFramer } from "../../src/message/framer.js";
import { materializeUpdate } from "../../src/message/update.js";
import { gobgpBadLen, hex } from "./helpers.js";

function decodeError(bytes: Uint8Array): BgpWireError {
  let err: unknown;
  try {
    const m = decodeMessage(bytes, ASN4_CONTEXT);
    // Lazy UPDATE sections must fail too once read.
    if (m.type === "UPDATE") materializeUpdate(m);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(BgpWireError);
  return err as BgpWireError;
}

/**
 * OPENs with version 48 / 255 whose parameters do not add up: Unsupported Version Number with
 * data = 4 (RFC 4271 §6.2).
 */
const badOpens: Record<string, [number, number, string]> = {
  "000852858287eb2ece5cd12aabef453f87b77adb": [2, 1, "0004"],
  "0b229debaa2fc1e8b997c9894ad3184cce8c7bb4": [2, 1, "0004"],
  "1d1fb484828b4f23af3ff0ab71b67682d5876fd6": [2, 1, "0004"],
};
/**
 * UPDATEs whose attributes overrun the attribute field and whose NLRI field is invalid: an
 * UPDATE Message Error that resets the session (RFC 4271 §6.3, RFC 7606 §5.3). Which of the
 * problems is reported first (Malformed Attribute List, Attribute Length Error, Invalid Network
 * Field) is the UPDATE codec's choice, so any of those subcodes is accepted here.
 */
const badUpdates = [
  "147a924d9a4a4d9960f8bb49e3ec782ee93f82a7",
  "27f19d6959e9cbecfcd09b28c3aec493a4b6f18d",
  "3765bb2392d48ca8edaf0b5e39209eb2d1b87c53",
  "3dce7e046d709b142092e15b78e9ad20ee5144fa",
  "4d4dc736bc89bf41363774d282b8a7641c3e7a98",
  "66e6aab4f34c9c5783c18f90b2d987e5dad241e0",
  "a8ecedce17e2e28a466cf9fb3bfaf2d8554fef42",
  "b7ed0646a97127bf424da480a53a84a0cb9c9565",
];

const corpus = gobgpBadLen();

describe("GoBGP bad-len corpus", () => {
  it("has all 11 inputs", () => {
    expect(corpus.map(([n]) => n).sort()).toEqual([...Object.keys(badOpens), ...badUpdates].sort());
  });

  it.each(corpus)("%s as-is: Connection Not Synchronized", (_n, bytes) => {
    const e = decodeError(bytes);
    expect([e.code, e.subcode]).toEqual([1, 1]);
  });

  it.each(corpus)("%s with a repaired marker, framed: the right NOTIFICATION", (n, bytes) => {
    const repaired = bytes.slice().fill(0xff, 0, 16);
    const [msg] = new MessageFramer().push(repaired);
    expect(msg).toBeDefined();
    const e = decodeError(msg!);
    const open = badOpens[n];
    if (open !== undefined) expect([e.code, e.subcode, hex(e.data)]).toEqual(open);
    else {
      expect(badUpdates).toContain(n);
      expect(e.code).toBe(3);
      expect([1, 5, 10]).toContain(e.subcode);
    }
    expect(e.action).toBe(Rfc7606Action.SESSION_RESET);
  });

  it.each(corpus.filter(([, b]) => ((b[16]! << 8) | b[17]!) !== b.length))(
    "%s unframed: the Length field disagrees with the bytes (Bad Message Length)",
    (_n, bytes) => {
      const e = decodeError(bytes.slice().fill(0xff, 0, 16));
      expect([e.code, e.subcode, hex(e.data)]).toEqual([1, 2, hex(bytes.subarray(16, 18))]);
    },
  );
});
