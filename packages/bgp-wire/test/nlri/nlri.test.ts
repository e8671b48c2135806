import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import { countNlri, decodeNlri, forEachNlri } from "../../src/nlri/decode.js";
import { encodeNlri, nlriEntrySize } from "../../src/nlri/encode.js";
import { formatPrefix, parsePrefix } from "../../src/prefix-format.js";
import type { Nlri } from "../../src/types/address.js";
import { ByteWriter } from "../../src/writer.js";
import { fromHex, toHex } from "../update/helpers.js";

function enc(list: Nlri[], afi: number, addPath: boolean): string {
  const w = new ByteWriter(64);
  encodeNlri(w, list, afi, addPath);
  return toHex(w.finish());
}

describe("IPv4 NLRI", () => {
  // 10.0.0.0/8, 192.168.1.0/24, 0.0.0.0/0, 1.2.3.4/32
  const wire = "080a18c0a80100200102030 4".replace(/ /g, "");
  const list = ["10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "1.2.3.4/32"].map((p) => ({
    prefix: parsePrefix(p),
  }));

  it("decodes and encodes (RFC 4271 §4.3)", () => {
    const bytes = fromHex(wire);
    expect(decodeNlri(bytes, 1, false).map((e) => formatPrefix(e.prefix))).toEqual([
      "10.0.0.0/8",
      "192.168.1.0/24",
      "0.0.0.0/0",
      "1.2.3.4/32",
    ]);
    expect(enc(list, 1, false)).toBe(wire);
    expect(countNlri(bytes, 1, false)).toBe(4);
  });

  it("keeps host bits as received and re-encodes them", () => {
    const bytes = fromHex("0d0b0d"); // 11.13.0.0/13: bits past /13 set in the second octet
    const [e] = decodeNlri(bytes, 1, false);
    expect(formatPrefix(e!.prefix)).toBe("11.13.0.0/13");
    expect(enc([e!], 1, false)).toBe("0d0b0d");
  });

  it("drops address bits beyond the prefix's last octet when encoding", () => {
    expect(enc([{ prefix: parsePrefix("10.1.2.3/8") }], 1, false)).toBe("080a");
  });

  it("carries ADD-PATH path identifiers (RFC 7911 §3)", () => {
    const bytes = fromHex("00000001 180a0000 ffffffff 00".replace(/ /g, ""));
    const got = decodeNlri(bytes, 1, true);
    expect(got.map((e) => [formatPrefix(e.prefix), e.pathId])).toEqual([
      ["10.0.0.0/24", 1],
      ["0.0.0.0/0", 0xffffffff],
    ]);
    expect(enc(got, 1, true)).toBe(toHex(bytes));
    expect(nlriEntrySize(got[0]!.prefix, true)).toBe(8);
  });

  it("visits prefixes without allocating objects, with offsets", () => {
    const seen: string[] = [];
    const n = forEachNlri(
      fromHex(wire),
      1,
      false,
      (len, v4, _v6, pathId, offset) => {
        seen.push(
          `${formatPrefix({ afi: 1, addr: v4, len })}@${offset}${pathId === undefined ? "" : `#${pathId}`}`,
        );
      },
      100,
    );
    expect(n).toBe(4);
    expect(seen).toEqual(["10.0.0.0/8@100", "192.168.1.0/24@102", "0.0.0.0/0@106", "1.2.3.4/32@107"]);
  });

  it.each([
    ["length over 32", "21010203 04"],
    ["prefix past the end", "180a00"],
    ["length byte missing after a path id (ADD-PATH)", "00000001"],
  ])("rejects %s as Invalid Network Field, session reset (RFC 7606 §5.3)", (_n, hex) => {
    const bytes = fromHex(hex.replace(/ /g, ""));
    const addPath = hex.startsWith("000000");
    for (const f of [
      () => decodeNlri(bytes, 1, addPath, 40),
      () => countNlri(bytes, 1, addPath, 40),
      () => forEachNlri(bytes, 1, addPath, () => {}, 40),
    ]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BgpWireError);
      expect(err).toMatchObject({ code: 3, subcode: 10, action: "session-reset" });
      expect((err as BgpWireError).offset).toBeGreaterThanOrEqual(40);
    }
  });

  it("refuses to encode a prefix of the other family or an impossible length", () => {
    const w = new ByteWriter();
    expect(() => encodeNlri(w, [{ prefix: parsePrefix("2001:db8::/32") }], 1, false)).toThrowError(
      BgpWireError,
    );
    expect(() => encodeNlri(w, [{ prefix: { afi: 1, addr: 0, len: 33 } }], 1, false)).toThrowError(
      BgpWireError,
    );
  });
});

describe("IPv6 NLRI", () => {
  it("decodes into fresh 16-byte addresses and encodes back", () => {
    const wire = fromHex("2020010db8 40200100000000ffff 00");
    const got = decodeNlri(wire, 2, false);
    expect(got.map((e) => formatPrefix(e.prefix))).toEqual(["2001:db8::/32", "2001:0:0:ffff::/64", "::/0"]);
    const first = got[0]!.prefix;
    expect(first.afi === 2 && first.addr.length).toBe(16);
    expect(enc(got, 2, false)).toBe(toHex(wire));
  });
  it("rejects a length over 128", () => {
    expect(() => decodeNlri(fromHex("81"), 2, false)).toThrowError(BgpWireError);
  });
  it("hands the visitor one scratch array, refilled for each prefix", () => {
    const arrays = new Set<Uint8Array>();
    const texts: string[] = [];
    forEachNlri(fromHex("2020010db8 10fe80"), 2, false, (len, _v4, v6) => {
      arrays.add(v6);
      texts.push(formatPrefix({ afi: 2, addr: v6, len }));
    });
    expect(arrays.size).toBe(1);
    expect(texts).toEqual(["2001:db8::/32", "fe80::/16"]);
  });
});
