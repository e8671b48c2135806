import { readShutdownCommunication } from "@tsbgp/bgp-wire";
import { describe, expect, it } from "vitest";
import { shutdownCommunicationData } from "../../src/session/shutdown-message.js";

const read = (data: Uint8Array) =>
  readShutdownCommunication({ type: "NOTIFICATION", code: 6, subcode: 2, data });

describe("shutdownCommunicationData (RFC 9003)", () => {
  it("round-trips a message", () => {
    expect(read(shutdownCommunicationData("maintenance, back at 10:00 ✓"))).toMatchObject({
      valid: true,
      text: "maintenance, back at 10:00 ✓",
    });
  });
  it("cuts at 255 bytes on a character boundary", () => {
    const d = shutdownCommunicationData("é".repeat(200));
    expect(d[0]).toBe(254);
    expect(read(d)).toMatchObject({ valid: true, text: "é".repeat(127) });
  });
});
