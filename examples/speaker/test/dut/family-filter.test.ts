import type { UpdateMessage } from "@tsbgp/bgp-wire";
import { describe, expect, it } from "vitest";
import { onlyNegotiated, updateFamily } from "../../src/dut/family-filter.js";

const v4: UpdateMessage = {
  type: "UPDATE",
  withdrawn: [],
  attributes: { origin: 0, asPath: [], nextHop: { afi: 1, addr: 0xc6130101 } },
  nlri: [{ prefix: { afi: 1, addr: 0xc6128000, len: 26 } }],
};
const v6: UpdateMessage = {
  type: "UPDATE",
  withdrawn: [],
  attributes: {
    origin: 0,
    asPath: [],
    mpReach: {
      afi: 2,
      safi: 1,
      nextHop: { afi: 2, addr: new Uint8Array(16) },
      nextHopBytes: new Uint8Array(0),
      nlri: [{ prefix: { afi: 2, addr: new Uint8Array(16), len: 48 } }],
      nlriBytes: new Uint8Array(0),
    },
  },
  nlri: [],
};
const v6Withdraw: UpdateMessage = {
  type: "UPDATE",
  withdrawn: [],
  attributes: {
    mpUnreach: {
      afi: 2,
      safi: 1,
      withdrawn: [{ prefix: { afi: 2, addr: new Uint8Array(16), len: 48 } }],
      withdrawnBytes: new Uint8Array(0),
    },
  },
  nlri: [],
};

describe("family filter (RFC 4760 §8: only negotiated families)", () => {
  it("names the family of an UPDATE: MP_REACH/MP_UNREACH's, else IPv4 unicast", () => {
    expect([v4, v6, v6Withdraw].map(updateFamily)).toEqual(["1/1", "2/1", "2/1"]);
  });

  it("keeps only the negotiated families", () => {
    expect(onlyNegotiated([v4, v6, v6Withdraw], ["1/1"])).toEqual([v4]);
    expect(onlyNegotiated([v4, v6, v6Withdraw], ["2/1"])).toEqual([v6, v6Withdraw]);
    expect(onlyNegotiated([v4, v6], ["1/1", "2/1"])).toEqual([v4, v6]);
  });
});
