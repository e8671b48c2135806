import { describe, expect, it } from "vitest";
import { AS_TRANS } from "../../src/constants.js";
import { ASN4_CONTEXT } from "../../src/context.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { encodeMessage } from "../../src/message/encode-message.js";
import {
  contextFromNegotiated,
  createOpen,
  negotiateCapabilities,
  openAs,
} from "../../src/message/negotiate.js";
import type { OpenMessage } from "../../src/types/messages.js";
import { fromHex } from "./helpers.js";

const open = (caps: OpenMessage["capabilities"], myAs = 65001): OpenMessage => ({
  type: "OPEN",
  version: 4,
  myAs,
  holdTime: 90,
  bgpId: 1,
  capabilities: caps,
});

describe("negotiateCapabilities", () => {
  it("intersects families, ADD-PATH directions, extended message and route refresh", () => {
    const local = open([
      { code: 1, afi: 1, safi: 1 },
      { code: 1, afi: 2, safi: 1 },
      { code: 2 },
      { code: 6 },
      { code: 65, asn: 65001 },
      {
        code: 69,
        entries: [
          { afi: 1, safi: 1, mode: 3 },
          { afi: 2, safi: 1, mode: 1 },
        ],
      },
      { code: 5, entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }] },
    ]);
    const remote = open(
      [
        { code: 1, afi: 1, safi: 1 },
        { code: 1, afi: 2, safi: 1 },
        { code: 1, afi: 1, safi: 128 },
        { code: 65, asn: 4200000000 },
        { code: 6 },
        {
          code: 69,
          entries: [
            { afi: 1, safi: 1, mode: 1 },
            { afi: 2, safi: 1, mode: 1 },
          ],
        },
        { code: 5, entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }] },
        { code: 9, role: 3 },
        { code: 73, hostname: "peer", domain: "" },
      ],
      AS_TRANS,
    );
    const n = negotiateCapabilities(local, remote);
    expect(n).toEqual({
      asn4: true,
      peerAs: 4200000000,
      families: ["1/1", "2/1"],
      // We send on 1/1 (we: both, peer: receive); on 2/1 both only receive, so nothing.
      addPathReceive: [],
      addPathSend: ["1/1"],
      extendedMessage: true,
      extendedNextHop: ["1/1"],
      routeRefresh: false,
      enhancedRouteRefresh: false,
      peerRole: 3,
      peerHostname: { hostname: "peer", domain: "" },
    });
    const ctx = contextFromNegotiated(n);
    expect([ctx.asn4, ctx.extendedMessage, [...ctx.addPathSend], [...ctx.addPathReceive]]).toEqual([
      true,
      true,
      ["1/1"],
      [],
    ]);
  });

  it("falls back to IPv4 unicast and 2-octet AS with a capability-less peer", () => {
    const n = negotiateCapabilities(open([]), open([], 64512));
    expect(n).toMatchObject({ asn4: false, peerAs: 64512, families: ["1/1"], extendedMessage: false });
  });

  it("keeps the peer's graceful restart state only when both sides sent one", () => {
    const gr = { code: 64 as const, restarting: true, notification: true, restartTime: 120, families: [] };
    expect(negotiateCapabilities(open([gr]), open([gr])).gracefulRestart).toEqual(gr);
    expect(negotiateCapabilities(open([]), open([gr])).gracefulRestart).toBeUndefined();
  });

  it("negotiates the two OPENs of tcpdump's bgp-cease-hard-reset capture", () => {
    const a = decodeMessage(
      fromHex(
        "ffffffffffffffffffffffffffffffff0031010400640e10010001011402084006403c0001018002080200010400010001",
      ),
      ASN4_CONTEXT,
    ) as OpenMessage;
    const b = decodeMessage(
      fromHex(
        "ffffffffffffffffffffffffffffffff0041010400640e100000000124022201040001000101040002000102004002c12c41040000006445080001010100020101",
      ),
      ASN4_CONTEXT,
    ) as OpenMessage;
    const n = negotiateCapabilities(a, b);
    expect(n).toMatchObject({ asn4: false, peerAs: 100, families: ["1/1"], routeRefresh: true });
    expect(n.gracefulRestart).toMatchObject({ restarting: true, restartTime: 300 });
  });
});

describe("createOpen / openAs (RFC 6793)", () => {
  it("puts AS_TRANS in My AS for a 4-octet AS and the real one in the capability", () => {
    const o = createOpen({ asn: 4200000001, holdTime: 90, bgpId: 0x0a000001, capabilities: [{ code: 2 }] });
    expect(o.myAs).toBe(AS_TRANS);
    expect(o.capabilities).toEqual([{ code: 65, asn: 4200000001 }, { code: 2 }]);
    expect(openAs(decodeMessage(encodeMessage(o, ASN4_CONTEXT), ASN4_CONTEXT) as OpenMessage)).toBe(
      4200000001,
    );
  });

  it("keeps a 2-octet AS in My AS and replaces a caller-supplied 4-octet AS capability", () => {
    const o = createOpen({ asn: 65001, holdTime: 0, bgpId: 1, capabilities: [{ code: 65, asn: 7 }] });
    expect(o.myAs).toBe(65001);
    expect(o.capabilities).toEqual([{ code: 65, asn: 65001 }]);
  });
});
