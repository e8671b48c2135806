/**
 * Every UPDATE of the real MRT dumps (RIPE RIS, RouteViews/PCH, BIRD, OpenBGPD, Quagga):
 * decodes cleanly, its counts agree with the lazy section counts, and re-encodes byte for byte.
 */
import { describe, expect, it } from "vitest";
import { type CodecContext, createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeUpdateBody } from "../../src/message/update.js";
import { forEachNlri } from "../../src/nlri/decode.js";
import { formatPrefix } from "../../src/prefix-format.js";
import { encodeBody, sameBytes, sharedFixture } from "./helpers.js";
import { readDump, scanBgp4mp } from "./mrt-scan.js";

const ALL_FAMILIES = ["1/1", "2/1", "1/2", "2/2", "1/4", "2/4", "1/128", "2/128"] as const;

function ctxFor(asn4: boolean, addPath: boolean): CodecContext {
  return createContext({
    asn4,
    extendedMessage: true,
    ...(addPath ? { addPathReceive: ALL_FAMILIES, addPathSend: ALL_FAMILIES } : {}),
  });
}

/**
 * BIRD 1.x wrote ADD-PATH sessions with the plain MESSAGE_AS4 subtype (before RFC 8050), so a
 * reader must guess: decode as written, and if the NLRI do not parse, as ADD-PATH. Returns the
 * message and whether the guess was needed.
 */
function decodeGuessingAddPath(body: Uint8Array, asn4: boolean, addPath: boolean) {
  try {
    return {
      ctx: ctxFor(asn4, addPath),
      msg: decodeUpdateBody(body, ctxFor(asn4, addPath), 19),
      guessed: false,
    };
  } catch (e) {
    if (addPath || !(e instanceof BgpWireError) || (e.subcode !== 10 && e.subcode !== 9)) throw e;
    return { ctx: ctxFor(asn4, true), msg: decodeUpdateBody(body, ctxFor(asn4, true), 19), guessed: true };
  }
}

const FILES: [string, number][] = [
  ["mrt/bgpdump/test_data/updates.20020722.2238.gz", 393],
  ["mrt/bgpdump/test_data/updates.20070211.0141.gz", 23394],
  ["mrt/bgpdump/test_data/updates.20071015.1505.gz", -1],
  ["mrt/bgpdump/test_data/updates.20100722.2015.gz", -1],
  ["mrt/bgpdump/test_data/updates.20160811.1600.gz", -1],
  ["mrt/bgpdump/test_data/updates.long_withdrawal.gz", 1],
  ["mrt/bgpdump/test_data/updates.et-header.2015.gz", 89679],
  ["mrt/mrtparse/bird_bgp", -1],
  ["mrt/mrtparse/bird6_bgp", -1],
  ["mrt/mrtparse/bird-mrtdump_bgp", -1],
  ["mrt/mrtparse/bird6-mrtdump_bgp", -1],
  ["mrt/mrtparse/openbgpd_bgp", -1],
  ["mrt/mrtparse/quagga_bgp", -1],
];

describe("UPDATEs of real MRT dumps", () => {
  it.each(FILES)("%s: decode → encode is byte-exact", (file, expectedUpdates) => {
    let updates = 0;
    let prefixes = 0;
    let addPathGuesses = 0;
    const problems: string[] = [];
    for (const m of scanBgp4mp(readDump(sharedFixture(file)))) {
      if (m.bytes[18] !== 2) continue;
      updates++;
      const body = m.bytes.subarray(19);
      const { ctx, msg, guessed } = decodeGuessingAddPath(body, m.asn4, m.addPath);
      if (guessed) addPathGuesses++;
      expect(msg.nlri.length).toBe(msg.nlriCount);
      expect(msg.withdrawn.length).toBe(msg.withdrawnCount);
      prefixes += msg.nlri.length + msg.withdrawn.length + (msg.attributes.mpReach?.nlri.length ?? 0);
      prefixes += msg.attributes.mpUnreach?.withdrawn.length ?? 0;
      for (const p of msg.problems) problems.push(`${updates}: ${p.message}`);
      const again = encodeBody(msg, ctx);
      if (!sameBytes(again, body)) expect.fail(`UPDATE #${updates} of ${file} re-encodes differently`);
    }
    if (expectedUpdates >= 0) expect(updates).toBe(expectedUpdates);
    expect(updates).toBeGreaterThan(0);
    expect(prefixes).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    // Only BIRD 1.x's pre-RFC 8050 dumps need the ADD-PATH guess.
    expect(addPathGuesses > 0).toBe(file.endsWith("/bird_bgp") || file.endsWith("/bird6_bgp"));
  });

  it("rejects the trailing garbage of updates.nlri_mask_trailing_bits (RFC 7606 §5.3) after 11.13.0.0/13", () => {
    // The NLRI field is 0d 0b 0d 0b: 11.13.0.0/13 with host bits set (kept as received, as
    // bgpdump 1.6.2 prints it), then a /11 with no address octets. bgpdump ignores the
    // truncated tail; RFC 7606 §5.3 makes a malformed NLRI field a session reset.
    const [m] = [
      ...scanBgp4mp(readDump(sharedFixture("mrt/bgpdump/test_data/updates.nlri_mask_trailing_bits.gz"))),
    ];
    const body = m!.bytes.subarray(19);
    expect(() => decodeUpdateBody(body, ctxFor(false, false), 19)).toThrowError(
      expect.objectContaining({ name: "BgpWireError", code: 3, subcode: 10, action: "session-reset" }),
    );
    const seen: string[] = [];
    const nlriField = body.subarray(body.length - 4);
    expect(() =>
      forEachNlri(nlriField, 1, false, (len, v4) => {
        seen.push(formatPrefix({ afi: 1, addr: v4, len }));
      }),
    ).toThrowError(BgpWireError);
    expect(seen).toEqual(["11.13.0.0/13"]);
  });
});
