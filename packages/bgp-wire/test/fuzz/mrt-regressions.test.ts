/**
 * Every MRT input in `test/regressions/mrt/` (fuzzer finds and hand-made edge cases) gives a
 * record or a typed error (`MrtError`, or `BgpWireError` for the BGP content), through
 * `decodeMrtRecord`, the reader and the stream decoder chunked at every split point.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import { decodeBgp4mpMessage } from "../../src/mrt/bgp-content.js";
import { MrtError } from "../../src/mrt/mrt-error.js";
import { decodeMrtRecord } from "../../src/mrt/record.js";
import { readers, runMrt } from "./targets.js";

const dir = fileURLToPath(new URL("../regressions/mrt/", import.meta.url));
const inputs = readdirSync(dir)
  .filter((n) => n.endsWith(".bin"))
  .sort()
  .map((n) => [n, new Uint8Array(readFileSync(dir + n))] as const);
const bytesOf = (name: string): Uint8Array => inputs.find(([n]) => n === name)![1];

describe("test/regressions/mrt", () => {
  it("holds the hand-made edge cases", () => {
    expect(inputs.map(([n]) => n)).toEqual(
      expect.arrayContaining([
        "record-bgp4mp-message-cut.bin",
        "record-et-keepalive.bin",
        "record-et-shorter-than-microseconds.bin",
        "record-rib-attributes-overrun.bin",
      ]),
    );
  });

  it.each(inputs)("%s: a record or a typed error, whole and chunked anywhere", (_n, bytes) => {
    // runMrt throws (fails the test) on anything but MrtError / BgpWireError.
    expect(typeof runMrt(bytes, () => 1)).toBe("boolean");
    for (let cut = 0; cut <= bytes.length; cut++) readers(bytes, cut);
  });

  it("a cut BGP message in a sound record: the record decodes, the message is a BgpWireError", () => {
    const rec = decodeMrtRecord(bytesOf("record-bgp4mp-message-cut.bin"));
    expect(rec.type).toBe("BGP4MP_MESSAGE");
    if (rec.type !== "BGP4MP_MESSAGE") return;
    expect(() => decodeBgp4mpMessage(rec)).toThrow(BgpWireError);
  });

  it("a RIB entry overrunning its record and an _ET record without room for microseconds are MrtErrors", () => {
    expect(() => decodeMrtRecord(bytesOf("record-rib-attributes-overrun.bin"))).toThrow(MrtError);
    expect(() => decodeMrtRecord(bytesOf("record-et-shorter-than-microseconds.bin"))).toThrow(MrtError);
  });

  it("a well-formed BGP4MP_ET KEEPALIVE decodes with its microseconds", () => {
    const rec = decodeMrtRecord(bytesOf("record-et-keepalive.bin"));
    expect(rec.header.microseconds).toBe(5);
    expect(rec.type === "BGP4MP_MESSAGE" && decodeBgp4mpMessage(rec).type).toBe("KEEPALIVE");
  });
});
