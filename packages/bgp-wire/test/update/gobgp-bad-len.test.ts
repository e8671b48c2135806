/**
 * GoBGP's bad-length corpus (fuzzer finds that GoBGP's parser must reject): the UPDATE codec
 * must end each of them with a BgpWireError carrying the right RFC 7606 action, or report the
 * survivable problem, and never throw anything else.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeUpdateBody } from "../../src/message/update.js";
import { sharedFixture } from "./helpers.js";

const dir = sharedFixture("vectors/gobgp-bad-len");
const files = readdirSync(dir).sort();

/** Outcome per file (first 8 hex digits of the name) when its UPDATE body is decoded. */
const EXPECTED: Record<string, string> = {
  "00085285": "not an UPDATE", // an OPEN
  "0b229deb": "not an UPDATE", // no marker: the header checks (W1's) reject it
  "147a924d": "throw 3/5 session-reset", // MP_UNREACH_NLRI of 5 bytes in a 3-byte field
  "1d1fb484": "not an UPDATE", // an OPEN
  "27f19d69": "throw 3/10 session-reset", // attribute overrun (treat-as-withdraw), then an NLRI /48
  "3765bb23": "throw 3/10 session-reset", // likewise
  "3dce7e04": "throw 3/5 session-reset", // MP_UNREACH_NLRI overrun
  "4d4dc736": "throw 3/10 session-reset", // AIGP overrun (treat-as-withdraw), then an NLRI /48
  "66e6aab4": "throw 3/5 session-reset", // MP_UNREACH_NLRI overrun
  a8ecedce: "throw 3/5 session-reset",
  b7ed0646: "throw 3/5 session-reset",
};

describe("GoBGP bad-len corpus through the UPDATE codec", () => {
  it("has 11 inputs", () => {
    expect(files.length).toBe(11);
  });

  it.each(files)("%s", (name) => {
    const bytes = new Uint8Array(readFileSync(`${dir}/${name}`));
    const key = Object.keys(EXPECTED).find((k) => name.startsWith(k));
    let outcome: string;
    if (bytes[18] !== 2 || bytes.length < 19) outcome = "not an UPDATE";
    else {
      // The header's Length bounds the body (the header checks themselves are W1's framer).
      const length = Math.min((bytes[16]! << 8) | bytes[17]!, bytes.length);
      try {
        const msg = decodeUpdateBody(
          bytes.subarray(19, Math.max(19, length)),
          createContext({ asn4: true }),
          19,
        );
        outcome = `problems ${msg.action} ${msg.problems.map((p) => `${p.code}/${p.subcode}`).join(" ")}`;
      } catch (e) {
        if (!(e instanceof BgpWireError)) throw e;
        outcome = `throw ${e.code}/${e.subcode} ${e.action}`;
      }
    }
    expect({ name, outcome }).toEqual({ name, outcome: key ? EXPECTED[key] : "(unlisted)" });
  });
});
