/** The length-field locator and the mutation operators on known inputs. */
import { describe, expect, it } from "vitest";
import { ASN4_CONTEXT, createContext } from "../../src/context.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { mrtContext } from "../../src/mrt/bgp-content.js";
import { messageFields, mrtFields } from "./length-fields.js";
import { bitFlip, fixLength, lengthLie, lieValue, truncate } from "./mutate.js";
import { caseRand } from "./rng.js";

const marker = new Array<number>(16).fill(0xff);
// UPDATE (RFC 4271 §4.3): withdraws 198.18.9.0/24, ORIGIN, AS_PATH [65000], NEXT_HOP, NLRI /24 + /16.
const update = Uint8Array.from([
  ...marker,
  0,
  54,
  2,
  0,
  4,
  24,
  198,
  18,
  9, // withdrawn routes length 4 at 19, prefix length at 21
  0,
  20, // total path attribute length at 25
  0x40,
  1,
  1,
  0, // ORIGIN, length at 29
  0x40,
  2,
  6,
  2,
  1,
  0,
  0,
  0xfd,
  0xe8, // AS_PATH, length at 33, segment length at 35
  0x40,
  3,
  4,
  198,
  18,
  0,
  1, // NEXT_HOP, length at 42
  24,
  198,
  18,
  1, // prefix length at 47
  16,
  198,
  19, // prefix length at 51
]);
// OPEN (RFC 4271 §4.2, RFC 5492): one Capabilities parameter with 4-octet AS and Route Refresh.
const open = Uint8Array.from([
  ...marker,
  0,
  39,
  1,
  4,
  0xfd,
  0xe8,
  0,
  90,
  198,
  18,
  0,
  1,
  10, // optional parameters length at 28
  2,
  8, // parameter length at 30
  65,
  4,
  0,
  0,
  0xfd,
  0xe8, // capability length at 32
  2,
  0, // capability length at 38
]);

describe("messageFields", () => {
  it("finds every length field of an UPDATE", () => {
    expect(decodeMessage(update, ASN4_CONTEXT).type).toBe("UPDATE");
    expect(messageFields(update, ASN4_CONTEXT).map((f) => [f.at, f.size, f.kind])).toEqual([
      [16, 2, "header"],
      [19, 2, "section"],
      [21, 1, "prefix"],
      [25, 2, "section"],
      [29, 1, "attribute"],
      [33, 1, "attribute"],
      [35, 1, "segment"],
      [42, 1, "attribute"],
      [47, 1, "prefix"],
      [51, 1, "prefix"],
    ]);
  });

  it("skips path identifiers under ADD-PATH (RFC 7911 §3)", () => {
    const ctx = createContext({ asn4: true, addPathReceive: ["1/1"] });
    const withIds = Uint8Array.from([...marker, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 7, 24, 198, 18, 1]);
    withIds[17] = withIds.length;
    expect(
      messageFields(withIds, ctx)
        .filter((f) => f.kind === "prefix")
        .map((f) => f.at),
    ).toEqual([27]);
  });

  it("finds OPEN parameter and capability lengths", () => {
    expect(decodeMessage(open, ASN4_CONTEXT).type).toBe("OPEN");
    expect(messageFields(open, ASN4_CONTEXT).map((f) => [f.at, f.kind])).toEqual([
      [16, "header"],
      [28, "section"],
      [30, "parameter"],
      [32, "parameter"],
      [38, "parameter"],
    ]);
  });

  it("stops quietly on a cut message", () => {
    expect(messageFields(update.subarray(0, 27), ASN4_CONTEXT).map((f) => f.at)).toEqual([16, 19, 21, 25]);
    expect(messageFields(update.subarray(0, 10), ASN4_CONTEXT)).toEqual([]);
  });
});

describe("mrtFields", () => {
  it("finds the record length and the fields of the embedded message", () => {
    // BGP4MP MESSAGE_AS4 (RFC 6396 §4.4.3): 20 bytes of peering, then the UPDATE.
    const head = [0, 0, 0, 1, 0, 16, 0, 4, 0, 0, 0, 20 + update.length];
    const peering = [0, 0, 0xfd, 0xe8, 0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 198, 18, 0, 1, 198, 18, 0, 2];
    const rec = Uint8Array.from([...head, ...peering, ...update]);
    const fields = mrtFields(rec, mrtContext);
    expect(fields[0]).toEqual({ at: 8, size: 4, kind: "record" });
    expect(fields.slice(1).map((f) => f.at - 32)).toEqual(
      messageFields(update, ASN4_CONTEXT).map((f) => f.at),
    );
  });
});

describe("mutations", () => {
  const rand = caseRand(42, 0);

  it("a length lie changes only length fields, and changes one", () => {
    const fields = messageFields(update, ASN4_CONTEXT);
    const places = new Set(fields.flatMap((f) => (f.size === 2 ? [f.at, f.at + 1] : [f.at])));
    for (let i = 0; i < 200; i++) {
      const lied = lengthLie(update, fields, rand);
      const changed = [...lied.keys()].filter((k) => lied[k] !== update[k]);
      for (const k of changed) expect(places.has(k)).toBe(true);
      expect(lied.length).toBe(update.length);
    }
  });

  it("lie values stay within the field and differ from the truth most of the time", () => {
    const field = { at: 0, size: 1, kind: "prefix" } as const;
    const values = Array.from({ length: 300 }, () => lieValue(field, 24, rand));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(255);
    expect(values.filter((v) => v !== 24).length).toBeGreaterThan(250);
    expect(values).toContain(33);
  });

  it("a bit flip changes 1 to 4 bits; a truncation keeps a strict prefix", () => {
    for (let i = 0; i < 100; i++) {
      const f = bitFlip(update, rand);
      let bits = 0;
      for (let k = 0; k < f.length; k++) bits += popcount((f[k] ?? 0) ^ (update[k] ?? 0));
      expect(f.length).toBe(update.length);
      expect(bits).toBeLessThanOrEqual(4);
      const t = truncate(update, rand);
      expect(t.length).toBeLessThan(update.length);
      expect(t).toEqual(update.subarray(0, t.length));
    }
  });

  it("fixLength writes the true size", () => {
    const b = update.slice(0, 40);
    fixLength(b, 16, 2, 0);
    expect((b[16]! << 8) | b[17]!).toBe(40);
  });
});

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
