import { describe, expect, it } from "vitest";
import { BgpWireError } from "../../src/errors.js";
import { decodeCapability } from "../../src/message/capability-codecs.js";
import { decodeCapabilityList, encodeCapabilityList } from "../../src/message/capability-list.js";
import type { Capability } from "../../src/types/capabilities.js";
import { fromHex, hex, thrown } from "./helpers.js";

/** [name, triple hex, decoded] for every modelled capability. */
const golden: [string, string, Capability][] = [
  ["multiprotocol (RFC 4760 §8)", "0104 0002 0080", { code: 1, afi: 2, safi: 128 }],
  ["route refresh (RFC 2918)", "0200", { code: 2 }],
  [
    "extended next hop (RFC 8950)",
    "050c 0001 0001 0002 0001 0080 0002",
    {
      code: 5,
      entries: [
        { afi: 1, safi: 1, nextHopAfi: 2 },
        { afi: 1, safi: 128, nextHopAfi: 2 },
      ],
    },
  ],
  ["extended message (RFC 8654)", "0600", { code: 6 }],
  ["BGP role (RFC 9234)", "0901 03", { code: 9, role: 3 }],
  [
    "graceful restart (RFC 4724, N bit RFC 8538)",
    "4006 403c 0001 0180",
    {
      code: 64,
      restarting: false,
      notification: true,
      restartTime: 60,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    },
  ],
  ["4-octet AS (RFC 6793)", "4104 fcde3a01", { code: 65, asn: 0xfcde3a01 }],
  [
    "ADD-PATH (RFC 7911)",
    "4508 0001 0103 0002 0102",
    {
      code: 69,
      entries: [
        { afi: 1, safi: 1, mode: 3 },
        { afi: 2, safi: 1, mode: 2 },
      ],
    },
  ],
  ["enhanced route refresh (RFC 7313)", "4600", { code: 70 }],
  [
    "long-lived graceful restart (RFC 9494)",
    "4707 0002 0100 0e1000",
    { code: 71, families: [{ afi: 2, safi: 1, forwardingPreserved: false, staleTime: 0x0e1000 }] },
  ],
  [
    "FQDN (draft-walton-bgp-hostname-capability)",
    "4911 04 72747231 0b 6578616d706c652e6f7267",
    { code: 73, hostname: "rtr1", domain: "example.org" },
  ],
  ["FQDN with UTF-8", "4905 03 e282ac 00", { code: 73, hostname: "€", domain: "" }],
];

describe("capabilities (RFC 5492)", () => {
  it.each(golden)("%s: decode and encode", (_name, tripleHex, cap) => {
    const bytes = fromHex(tripleHex);
    expect(decodeCapabilityList(bytes)).toEqual([cap]);
    expect(hex(encodeCapabilityList([cap]))).toBe(hex(bytes));
  });

  it.each([
    ["unknown code 128 (old Cisco route refresh)", "8000"],
    ["unknown code 8 with a value", "0804 00010407"],
    ["multiprotocol with a wrong length", "0103 000101"],
    ["multiprotocol with the reserved byte set", "0104 00010101"],
    ["route refresh with a value", "0202 e803"],
    ["extended next hop not a multiple of 6", "0504 00010001"],
    ["role with 2 bytes", "0902 0300"],
    ["graceful restart with reserved restart flags", "4002 3078"],
    ["graceful restart with a short family", "4004 00780001"],
    ["graceful restart with reserved family flags", "4006 00780001 0181"],
    ["4-octet AS with 2 bytes", "4102 fde9"],
    ["ADD-PATH with mode 0", "4504 00010100"],
    ["ADD-PATH with mode 4", "4504 00010104"],
    ["LLGR not a multiple of 7", "4706 000101800000"],
    ["LLGR with reserved flags", "4707 00010140000000"],
    ["FQDN with an overrunning hostname length", "4903 05 6162"],
    ["FQDN with trailing bytes", "4904 01 61 00 ff"],
    ["FQDN with invalid UTF-8", "4903 01 ff 00"],
    ["FQDN too short", "4901 00"],
  ])("keeps %s raw and re-encodes it byte for byte", (_name, tripleHex) => {
    const bytes = fromHex(tripleHex);
    const [cap] = decodeCapabilityList(bytes);
    expect(cap).toMatchObject({ code: bytes[0], raw: true });
    expect(hex((cap as { value: Uint8Array }).value)).toBe(hex(bytes.subarray(2)));
    expect(hex(encodeCapabilityList([cap!]))).toBe(hex(bytes));
  });

  it("raw values are views into the input", () => {
    const bytes = fromHex("0802 abcd");
    const cap = decodeCapability(8, bytes.subarray(2));
    expect("raw" in cap && cap.value.buffer).toBe(bytes.buffer);
  });

  it("decodes several triples, including empty ones", () => {
    expect(decodeCapabilityList(fromHex("0200 4600 0600"))).toEqual([{ code: 2 }, { code: 70 }, { code: 6 }]);
    expect(decodeCapabilityList(new Uint8Array(0))).toEqual([]);
  });

  it("rejects a triple without its length byte", () => {
    const e = thrown(() => decodeCapabilityList(fromHex("0200 41"))) as BgpWireError;
    expect([e.code, e.subcode, e.offset]).toEqual([2, 0, 2]);
  });

  it("refuses capabilities it cannot encode", () => {
    const bad: Capability[] = [
      { code: 64, restarting: false, notification: false, restartTime: 5000, families: [] },
      { code: 65, asn: -1 },
      { code: 9, role: 256 },
      { code: 71, families: [{ afi: 1, safi: 1, forwardingPreserved: false, staleTime: 2 ** 24 }] },
      { code: 73, hostname: "h".repeat(200), domain: "d".repeat(100) },
      { code: 300, raw: true, value: new Uint8Array(0) },
      { code: 1, raw: true, value: new Uint8Array(256) },
    ];
    for (const c of bad) expect(thrown(() => encodeCapabilityList([c]))).toBeInstanceOf(BgpWireError);
  });

  it("refuses a non-raw object for a code it does not model", () => {
    const c = { code: 200 } as unknown as Capability;
    expect(thrown(() => encodeCapabilityList([c]))).toBeInstanceOf(BgpWireError);
  });
});
