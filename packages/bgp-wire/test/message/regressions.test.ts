/** Every saved crash input and edge case in `test/regressions/` gives a message or a BgpWireError. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ASN2_CONTEXT, ASN4_CONTEXT, createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { MessageFramer } from "../../src/message/framer.js";
import { materializeUpdate } from "../../src/message/update.js";

const dir = fileURLToPath(new URL("../regressions/", import.meta.url));
const inputs = readdirSync(dir)
  .filter((n) => n.endsWith(".bin"))
  .sort()
  .map((n) => [n, new Uint8Array(readFileSync(dir + n))] as const);
const contexts = [ASN2_CONTEXT, ASN4_CONTEXT, createContext({ asn4: true, extendedMessage: true })];

describe("test/regressions", () => {
  it("holds inputs", () => {
    expect(inputs.length).toBeGreaterThan(0);
  });

  it.each(inputs)("%s: a message or a BgpWireError, whole and through the framer", (_n, bytes) => {
    for (const ctx of contexts) {
      try {
        const m = decodeMessage(bytes, ctx);
        if (m.type === "UPDATE") materializeUpdate(m);
        expect(["OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE_REFRESH"]).toContain(m.type);
      } catch (e) {
        expect(e).toBeInstanceOf(BgpWireError);
      }
    }
    try {
      const messages = new MessageFramer().push(bytes);
      expect(messages.every((m) => m.length >= 19)).toBe(true);
    } catch (e) {
      expect(e).toBeInstanceOf(BgpWireError);
    }
  });
});
