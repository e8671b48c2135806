/** RFC 6793 §4.2.3 reconstruction of AS_PATH / AGGREGATOR from AS4_PATH / AS4_AGGREGATOR. */
import { describe, expect, it } from "vitest";
import { asPathLength, denormalizeAs4, normalizeAs4 } from "../../src/attributes/normalize-as4.js";
import { AS_TRANS } from "../../src/constants.js";
import type { AsPathSegment, PathAttributes } from "../../src/types/attributes.js";

const seq = (...asns: number[]): AsPathSegment => ({ type: 2, asns });
const set = (...asns: number[]): AsPathSegment => ({ type: 1, asns });
const confed = (...asns: number[]): AsPathSegment => ({ type: 3, asns });

describe("normalizeAs4", () => {
  it("returns the same object when there is nothing to merge", () => {
    const a: PathAttributes = { asPath: [seq(1, 2)] };
    expect(normalizeAs4(a)).toBe(a);
  });

  it("prepends the ASes AS4_PATH lacks (the OLD speakers' own ASes)", () => {
    const a: PathAttributes = {
      asPath: [seq(65001, 65002, AS_TRANS, AS_TRANS)],
      as4Path: [seq(200000, 300000)],
    };
    const n = normalizeAs4(a);
    expect(n.asPath).toEqual([seq(65001, 65002, 200000, 300000)]);
    expect(n).not.toHaveProperty("as4Path");
  });

  it("counts an AS_SET as one AS and confederation segments as none", () => {
    expect(asPathLength([confed(1, 2), seq(3, 4), set(5, 6, 7)])).toBe(3);
    const n = normalizeAs4({
      asPath: [confed(64512), seq(65001, AS_TRANS), set(AS_TRANS, 65003)],
      as4Path: [seq(200000), set(300000, 65003)],
    });
    expect(n.asPath).toEqual([confed(64512), seq(65001, 200000), set(300000, 65003)]);
  });

  it("ignores an AS4_PATH longer than AS_PATH", () => {
    const n = normalizeAs4({ asPath: [seq(AS_TRANS)], as4Path: [seq(1, 2)] });
    expect(n.asPath).toEqual([seq(AS_TRANS)]);
  });

  it("drops confederation segments from AS4_PATH (RFC 6793 §6)", () => {
    const n = normalizeAs4({ asPath: [seq(AS_TRANS, AS_TRANS)], as4Path: [confed(9), seq(200000, 200001)] });
    expect(n.asPath).toEqual([seq(200000, 200001)]);
  });

  it("takes AS4_AGGREGATOR when AGGREGATOR is AS_TRANS", () => {
    const n = normalizeAs4({
      asPath: [seq(AS_TRANS)],
      aggregator: { asn: AS_TRANS, address: 1 },
      as4Aggregator: { asn: 200000, address: 2 },
      as4Path: [seq(200000)],
    });
    expect(n.aggregator).toEqual({ asn: 200000, address: 2 });
    expect(n.asPath).toEqual([seq(200000)]);
    expect(n).not.toHaveProperty("as4Aggregator");
  });

  it("ignores AS4_PATH and AS4_AGGREGATOR when AGGREGATOR is a real 2-octet AS", () => {
    const n = normalizeAs4({
      asPath: [seq(65001, AS_TRANS)],
      aggregator: { asn: 65001, address: 1 },
      as4Aggregator: { asn: 200000, address: 2 },
      as4Path: [seq(200000)],
    });
    expect(n.aggregator).toEqual({ asn: 65001, address: 1 });
    expect(n.asPath).toEqual([seq(65001, AS_TRANS)]);
    expect(n).not.toHaveProperty("as4Path");
    expect(n).not.toHaveProperty("as4Aggregator");
  });
});

describe("denormalizeAs4 (RFC 6793 §4.2.2)", () => {
  it("substitutes AS_TRANS and carries the real path in AS4_PATH, and normalizeAs4 undoes it", () => {
    const a: PathAttributes = {
      asPath: [confed(64512), seq(65001, 200000), set(300000, 3)],
      aggregator: { asn: 200000, address: 9 },
    };
    const d = denormalizeAs4(a);
    expect(d.asPath).toEqual([confed(64512), seq(65001, AS_TRANS), set(AS_TRANS, 3)]);
    expect(d.as4Path).toEqual([seq(65001, 200000), set(300000, 3)]);
    expect(d.aggregator).toEqual({ asn: AS_TRANS, address: 9 });
    expect(d.as4Aggregator).toEqual({ asn: 200000, address: 9 });
    const back = normalizeAs4(d);
    expect(back.asPath).toEqual(a.asPath);
    expect(back.aggregator).toEqual(a.aggregator);
  });

  it("leaves 2-octet-only attributes alone", () => {
    const a: PathAttributes = { asPath: [seq(1, 2)], aggregator: { asn: 3, address: 4 } };
    expect(denormalizeAs4(a)).toBe(a);
  });
});
