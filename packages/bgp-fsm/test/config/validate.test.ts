import { describe, expect, it } from "vitest";
import { BgpConfigError, BgpSpeaker, canonicalAddress, validateSpeakerConfig } from "../../src/index.js";

const base = { localAs: 65001, routerId: "192.0.2.1", peers: [{ address: "198.51.100.1", peerAs: 65002 }] };

/** The field and reason of the BgpConfigError `fn` throws. */
function refused(fn: () => unknown): { field: string; reason: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BgpConfigError);
    const c = e as BgpConfigError;
    expect(c.code).toBe("ERR_BGP_CONFIG");
    expect(c.message).toContain(c.field);
    return { field: c.field, reason: c.reason };
  }
  throw new Error("config was accepted");
}

describe("validateSpeakerConfig", () => {
  it("accepts a good config and canonicalises addresses", () => {
    const c = validateSpeakerConfig({
      ...base,
      listen: { address: "::", port: 1179 },
      peers: [{ address: "2001:DB8:0::1", peerAs: 65002, families: ["ipv6-unicast", "1/1"], holdTime: 0 }],
    });
    expect(c.peers[0]).toMatchObject({ address: "2001:db8::1", families: ["2/1", "1/1"], holdTime: 0 });
    expect(c.listen).toEqual({ address: "::", port: 1179 });
  });

  it.each([
    [{ ...base, localAs: 0 }, "localAs", /integer from 1/],
    [{ ...base, localAs: "65001" }, "localAs", /integer/],
    [{ ...base, routerId: "0.0.0.0" }, "routerId", /non-zero/],
    [{ ...base, routerId: "not-an-ip" }, "routerId", /dotted-quad/],
    [{ ...base, peers: [{ peerAs: 1 }] }, "peers[0].address", /required/],
    [{ ...base, peers: [{ address: "10.0.0.300" }] }, "peers[0].address", /IPv4 or IPv6/],
    [{ ...base, peers: [{ address: "10.0.0.1", holdTime: 2 }] }, "peers[0].holdTime", /at least 3/],
    [{ ...base, peers: [{ address: "10.0.0.1", port: 70000 }] }, "peers[0].port", /65535/],
    [{ ...base, peers: [{ address: "10.0.0.1", families: ["ipv5"] }] }, "peers[0].families[0]", /afi\/safi/],
    [{ ...base, peers: [{ address: "10.0.0.1" }, { address: "10.0.0.1" }] }, "peers[1].address", /duplicate/],
    [{ ...base, listen: { address: "10.0.0.1", port: -1 } }, "listen.port", /integer/],
    [
      {
        ...base,
        peers: [{ address: "10.0.0.1", capabilities: { addPath: [{ family: "1/1", mode: "sometimes" }] } }],
      },
      "peers[0].capabilities.addPath[0].mode",
      /receive/,
    ],
    [{ ...base, peers: [{ address: "10.0.0.1", maxPrefixes: 0 }] }, "peers[0].maxPrefixes", /integer/],
    [
      { ...base, peers: [{ address: "10.0.0.1", fsm: { idleHoldTime: "5" } }] },
      "peers[0].fsm.idleHoldTime",
      /integer/,
    ],
    [
      { ...base, peers: [{ address: "10.0.0.1", fsm: { delayOpen: 1 } }] },
      "peers[0].fsm.delayOpen",
      /true or false/,
    ],
    [
      { ...base, peers: [{ address: "10.0.0.1", fsm: { holdTimer: 5 } }] },
      "peers[0].fsm.holdTimer",
      /not an FSM attribute/,
    ],
  ])("refuses %j naming %s", (input, field, reason) => {
    const r = refused(() => validateSpeakerConfig(input));
    expect(r.field).toBe(field);
    expect(r.reason).toMatch(reason);
  });

  it("takes the connect backoff attributes under fsm, with their types checked", () => {
    const fsm = { connectRetryBackoff: false, connectRetryJitter: true, minConnectRetryTime: 2 };
    const c = validateSpeakerConfig({ ...base, peers: [{ address: "10.0.0.1", fsm }] });
    expect(c.peers[0]?.fsm).toEqual(fsm);
    const bad = { ...base, peers: [{ address: "10.0.0.1", fsm: { connectRetryBackoff: "yes" } }] };
    expect(refused(() => validateSpeakerConfig(bad)).field).toBe("peers[0].fsm.connectRetryBackoff");
    const neg = { ...base, peers: [{ address: "10.0.0.1", fsm: { minConnectRetryTime: -1 } }] };
    expect(refused(() => validateSpeakerConfig(neg)).field).toBe("peers[0].fsm.minConnectRetryTime");
  });

  it("is applied by BgpSpeaker", () => {
    expect(refused(() => new BgpSpeaker({ ...base, localAs: -1 })).field).toBe("localAs");
  });
});

describe("canonicalAddress", () => {
  it("maps IPv4-mapped IPv6 to IPv4 and compresses IPv6", () => {
    expect(canonicalAddress("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(canonicalAddress("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(canonicalAddress("bogus")).toBeUndefined();
  });
});
