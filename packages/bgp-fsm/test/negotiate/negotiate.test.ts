import { AS_TRANS, type OpenMessage } from "@tsbgp/bgp-wire";
import { describe, expect, it } from "vitest";
import { type BgpSessionError, buildOpen, type LocalOpenParams, negotiate } from "../../src/index.js";

const ours = (p: Partial<LocalOpenParams> = {}): OpenMessage =>
  buildOpen({ localAs: 65001, routerId: 0x01010101, holdTime: 90, ...p });
const theirs = (p: Partial<LocalOpenParams> = {}, patch: Partial<OpenMessage> = {}): OpenMessage => ({
  ...buildOpen({ localAs: 65002, routerId: 0x02020202, holdTime: 90, ...p }),
  ...patch,
});

/** The NOTIFICATION (code/subcode) a failing negotiation carries. */
function rejection(fn: () => unknown): { code: number; subcode: number; data: number[] } {
  try {
    fn();
  } catch (e) {
    const n = (e as BgpSessionError).notification!;
    return { code: n.code, subcode: n.subcode, data: [...(n.data ?? [])] };
  }
  throw new Error("negotiation unexpectedly succeeded");
}

describe("buildOpen", () => {
  it("puts AS_TRANS in the 2-octet field for a 4-octet AS (RFC 6793 §4.1)", () => {
    const o = buildOpen({ localAs: 4200000001, routerId: 1, holdTime: 90 });
    expect(o.myAs).toBe(AS_TRANS);
    expect(o.capabilities).toContainEqual({ code: 65, asn: 4200000001 });
  });
});

describe("negotiate", () => {
  it("agrees on the smaller hold time and a third of it for keepalives", () => {
    const n = negotiate(ours({ holdTime: 90 }), theirs({ holdTime: 30 }), { localAs: 65001, peerAs: 65002 });
    expect(n.holdTime).toBe(30);
    expect(n.keepaliveTime).toBe(10);
    expect(n.internal).toBe(false);
    expect(n.asn4).toBe(true);
    expect(n.codec.asn4).toBe(true);
  });

  it("honours a shorter configured keepalive and a hold time of 0", () => {
    expect(negotiate(ours(), theirs(), { localAs: 65001, keepaliveTime: 5 }).keepaliveTime).toBe(5);
    const z = negotiate(ours(), theirs({ holdTime: 0 }), { localAs: 65001 });
    expect([z.holdTime, z.keepaliveTime]).toEqual([0, 0]);
  });

  it("intersects families; IPv4 unicast is implied when none are listed (RFC 4760 §8)", () => {
    const a = ours({ capabilities: { families: ["1/1", "2/1"] } });
    expect(
      negotiate(a, theirs({ capabilities: { families: ["2/1"] } }), { localAs: 65001 }).families,
    ).toEqual(["2/1"]);
    const bare = { ...theirs(), capabilities: [] };
    const n = negotiate(a, bare, { localAs: 65001 });
    expect(n.families).toEqual(["1/1"]);
    expect(n.asn4).toBe(false);
    expect(n.routeRefresh).toBe(false);
  });

  it("negotiates route refresh, enhanced route refresh and extended messages only when both sides have them", () => {
    const n = negotiate(ours(), theirs({ capabilities: { enhancedRouteRefresh: false } }), {
      localAs: 65001,
    });
    expect([n.routeRefresh, n.enhancedRouteRefresh, n.extendedMessage]).toEqual([true, false, true]);
    expect(n.codec.extendedMessage).toBe(true);
  });

  it("resolves ADD-PATH directions per family (RFC 7911 §4)", () => {
    const a = ours({
      capabilities: {
        families: ["1/1", "2/1"],
        addPath: [
          { family: "1/1", mode: 3 },
          { family: "2/1", mode: 1 },
        ],
      },
    });
    const b = theirs({
      capabilities: {
        families: ["1/1", "2/1"],
        addPath: [
          { family: "1/1", mode: 1 },
          { family: "2/1", mode: 3 },
        ],
      },
    });
    const n = negotiate(a, b, { localAs: 65001 });
    expect(n.addPathSend).toEqual(["1/1"]);
    expect(n.addPathReceive).toEqual(["2/1"]);
    expect([...n.codec.addPathReceive]).toEqual(["2/1"]);
  });

  it("negotiates graceful restart with the peer's restart time and F bits (RFC 4724)", () => {
    const a = ours({ capabilities: { gracefulRestart: { restartTime: 120, notification: true } } });
    const b = theirs({
      capabilities: {
        gracefulRestart: { restartTime: 45, restarting: true, forwardingPreserved: true, notification: true },
      },
    });
    const gr = negotiate(a, b, { localAs: 65001 }).gracefulRestart;
    expect(gr).toEqual({
      restartTime: 45,
      peerRestarting: true,
      notification: true,
      families: [{ family: "1/1", forwardingPreserved: true }],
    });
    expect(negotiate(ours(), b, { localAs: 65001 }).gracefulRestart).toBeNull();
  });

  it("finds the real peer AS in the 4-octet capability and detects iBGP", () => {
    const b = theirs({ localAs: 4200000001 });
    const n = negotiate(buildOpen({ localAs: 4200000001, routerId: 1, holdTime: 90 }), b, {
      localAs: 4200000001,
      peerAs: 4200000001,
    });
    expect(n.peerAs).toBe(4200000001);
    expect(n.internal).toBe(true);
  });

  it("negotiates extended next hop entries both sides share (RFC 8950)", () => {
    const enh = { extendedNextHop: [{ family: "1/1" as const, nextHopAfi: 2 }] };
    expect(
      negotiate(ours({ capabilities: enh }), theirs({ capabilities: enh }), { localAs: 65001 })
        .extendedNextHop,
    ).toEqual(["1/1"]);
  });

  describe("mismatches end in the right NOTIFICATION (RFC 4271 §6.2)", () => {
    it("unsupported version → 2/1 with our version as data", () => {
      expect(rejection(() => negotiate(ours(), theirs({}, { version: 3 }), { localAs: 65001 }))).toEqual({
        code: 2,
        subcode: 1,
        data: [0, 4],
      });
    });
    it("wrong peer AS → 2/2", () => {
      expect(rejection(() => negotiate(ours(), theirs(), { localAs: 65001, peerAs: 65099 }))).toMatchObject({
        code: 2,
        subcode: 2,
      });
    });
    it("AS_TRANS without the 4-octet capability → 2/2", () => {
      const b = { ...theirs(), myAs: AS_TRANS, capabilities: [] };
      expect(rejection(() => negotiate(ours(), b, { localAs: 65001 }))).toMatchObject({
        code: 2,
        subcode: 2,
      });
    });
    it("zero BGP identifier, or ours on iBGP → 2/3 (RFC 6286)", () => {
      expect(rejection(() => negotiate(ours(), theirs({}, { bgpId: 0 }), { localAs: 65001 }))).toMatchObject({
        code: 2,
        subcode: 3,
      });
      const same = theirs({ localAs: 65001, routerId: 0x01010101 });
      expect(rejection(() => negotiate(ours(), same, { localAs: 65001 }))).toMatchObject({
        code: 2,
        subcode: 3,
      });
      // On eBGP the same identifier is legal (RFC 6286 §2.2 makes it AS-wide unique only).
      expect(negotiate(ours(), theirs({ routerId: 0x01010101 }), { localAs: 65001 }).peerBgpId).toBe(
        0x01010101,
      );
    });
    it("hold time 1 or 2, or below the minimum → 2/6", () => {
      for (const h of [1, 2]) {
        expect(rejection(() => negotiate(ours(), theirs({ holdTime: h }), { localAs: 65001 }))).toMatchObject(
          { code: 2, subcode: 6 },
        );
      }
      expect(
        rejection(() => negotiate(ours(), theirs({ holdTime: 5 }), { localAs: 65001, minHoldTime: 9 })),
      ).toMatchObject({ code: 2, subcode: 6 });
      expect(
        rejection(() =>
          negotiate(ours(), theirs({ holdTime: 0 }), { localAs: 65001, refuseZeroHoldTime: true }),
        ),
      ).toMatchObject({ code: 2, subcode: 6 });
    });
    it("a required capability missing → 2/7 listing it (RFC 5492 §3)", () => {
      const b = theirs({ capabilities: { routeRefresh: false } });
      expect(rejection(() => negotiate(ours(), b, { localAs: 65001, requiredCapabilities: [2] }))).toEqual({
        code: 2,
        subcode: 7,
        data: [2, 0],
      });
    });
    it("no family in common → 2/7 listing our multiprotocol capabilities", () => {
      const b = theirs({ capabilities: { families: ["2/1"] } });
      expect(rejection(() => negotiate(ours(), b, { localAs: 65001 }))).toEqual({
        code: 2,
        subcode: 7,
        data: [1, 4, 0, 1, 0, 1],
      });
    });
  });
});
