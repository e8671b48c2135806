/** Golden vectors from ExaBGP's functional tests: the OPENs and the NOTIFICATION it sends. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ASN4_CONTEXT } from "../../src/context.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { encodeMessage } from "../../src/message/encode-message.js";
import { formatNotification } from "../../src/message/notification-format.js";
import type { OpenMessage } from "../../src/types/messages.js";
import { FIXTURES, fromHex, hex } from "./helpers.js";

interface Vector {
  readonly source: string;
  readonly hex: string;
  readonly expected_json: Record<string, unknown> | null;
}

const vectors: Vector[] = readFileSync(`${FIXTURES}exabgp-non-update.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Vector);
const bySource = (s: string): Uint8Array => fromHex(vectors.find((v) => v.source === s)!.hex);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe("golden: ExaBGP QA vectors", () => {
  it.each(vectors.map((v) => [v.source, v] as const))("%s re-encodes byte for byte", (_s, v) => {
    const bytes = fromHex(v.hex);
    expect(hex(encodeMessage(decodeMessage(bytes, ASN4_CONTEXT), ASN4_CONTEXT))).toBe(v.hex.toLowerCase());
  });

  it("OPEN with the hostname capability", () => {
    const m = decodeMessage(bySource("conf-hostname.ci"), ASN4_CONTEXT) as OpenMessage;
    expect(m).toMatchObject({ version: 4, myAs: 65533, holdTime: 180, bgpId: 0x0a000002 });
    expect(m.capabilities).toEqual([
      { code: 1, afi: 1, safi: 1 },
      { code: 65, asn: 65533 },
      { code: 6 },
      { code: 73, hostname: "my-host-name", domain: "my-domain-name.com" },
    ]);
    expect(m.wire?.parameters).toEqual([1, 1, 1, 1]);
  });

  it("OPEN with an IPv6 link-local next hop capability (code 77) kept raw", () => {
    const m = decodeMessage(bySource("conf-cap-link-local-nexthop.ci"), ASN4_CONTEXT) as OpenMessage;
    expect(m.capabilities).toEqual([
      { code: 1, afi: 2, safi: 1 },
      { code: 65, asn: 65533 },
      { code: 6 },
      { code: 77, raw: true, value: new Uint8Array(0) },
    ]);
  });

  it("OPEN with the software version capability (code 75) kept raw, as ExaBGP decodes it", () => {
    const v = vectors.find((x) => x.source === "bgp-open-sofware-version")!;
    const open = (v.expected_json as { neighbor: { open: Record<string, unknown> } }).neighbor.open;
    const m = decodeMessage(fromHex(v.hex), ASN4_CONTEXT) as OpenMessage;
    expect(m.version).toBe(open.version);
    expect(m.myAs).toBe(open.asn);
    expect(m.holdTime).toBe(open.hold_time);
    expect([m.bgpId >>> 24, (m.bgpId >>> 16) & 255, (m.bgpId >>> 8) & 255, m.bgpId & 255].join(".")).toBe(
      open.router_id,
    );
    const caps = open.capabilities as Record<string, Record<string, unknown>>;
    expect(m.capabilities[0]).toEqual({ code: 1, afi: 1, safi: 1 });
    expect(caps["1"]?.families).toEqual(["ipv4/unicast"]);
    expect(m.capabilities[1]).toEqual({ code: 65, asn: caps["65"]?.asn4 });
    const sw = m.capabilities[2]!;
    expect(sw).toMatchObject({ code: 75, raw: true });
    // draft-abraitis-bgp-version-capability: a length byte, then the version string.
    const value = (sw as { value: Uint8Array }).value;
    expect(text(value.subarray(1, 1 + value[0]!))).toBe(caps["75"]?.software);
  });

  it("NOTIFICATION for an unknown message type", () => {
    const m = decodeMessage(bySource("unknown-message.ci"), ASN4_CONTEXT);
    expect(m).toMatchObject({ type: "NOTIFICATION", code: 1, subcode: 0 });
    expect(m.type === "NOTIFICATION" && text(m.data)).toBe('can not decode update message of type "255"');
    expect(m.type === "NOTIFICATION" && formatNotification(m)).toMatch(
      /^Message Header Error \/ Unspecific \(1\/0\)/,
    );
  });
});
