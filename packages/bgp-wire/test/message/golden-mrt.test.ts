/**
 * Real sessions recorded as MRT BGP4MP (RFC 6396 §4.4): every OPEN, NOTIFICATION, KEEPALIVE and
 * ROUTE-REFRESH that BIRD, OpenBGPD, Quagga and a 2002 RIPE RIS collector exchanged decodes and
 * re-encodes byte for byte. The MRT framing is read here by hand (the MRT reader is tested on
 * its own); UPDATEs belong to the UPDATE codec's tests.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/context.js";
import { decodeMessage } from "../../src/message/decode-message.js";
import { encodeMessage } from "../../src/message/encode-message.js";
import { formatNotification } from "../../src/message/notification-format.js";
import type { BgpMessage } from "../../src/types/messages.js";
import { FIXTURES, hex } from "./helpers.js";

/** BGP4MP message subtypes with their AS size (RFC 6396 §4.4, RFC 8050 §3). */
const AS_SIZE: Readonly<Record<number, number>> = { 1: 2, 4: 4, 6: 2, 7: 4, 8: 2, 9: 4, 10: 2, 11: 4 };

interface Recorded {
  readonly bytes: Uint8Array;
  readonly asn4: boolean;
}

/** The BGP messages of BGP4MP / BGP4MP_ET records. */
function bgpMessages(file: string): Recorded[] {
  let buf: Buffer = readFileSync(`${FIXTURES}mrt/${file}`);
  if (file.endsWith(".gz")) buf = gunzipSync(buf);
  const u = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const dv = new DataView(u.buffer, u.byteOffset, u.byteLength);
  const out: Recorded[] = [];
  for (let p = 0; p + 12 <= u.length; ) {
    const type = dv.getUint16(p + 4);
    const subtype = dv.getUint16(p + 6);
    const end = p + 12 + dv.getUint32(p + 8);
    let q = p + 12 + (type === 17 ? 4 : 0);
    p = end;
    const asSize = AS_SIZE[subtype];
    if ((type !== 16 && type !== 17) || asSize === undefined) continue;
    q += 2 * asSize + 2; // peer AS, local AS, interface index
    const afi = dv.getUint16(q);
    q += 2 + (afi === 2 ? 32 : 8); // peer and local IP
    out.push({ bytes: u.subarray(q, end), asn4: asSize === 4 });
  }
  return out;
}

const files: [string, Record<string, number>][] = [
  ["bird_bgp", { OPEN: 2, KEEPALIVE: 5, ROUTE_REFRESH: 1, NOTIFICATION: 1 }],
  ["bird6_bgp", { OPEN: 2, KEEPALIVE: 5, ROUTE_REFRESH: 1, NOTIFICATION: 1 }],
  ["openbgpd_bgp", { OPEN: 4, KEEPALIVE: 13, ROUTE_REFRESH: 4, NOTIFICATION: 2 }],
  ["quagga_bgp", { OPEN: 4, KEEPALIVE: 10, ROUTE_REFRESH: 7, NOTIFICATION: 2 }],
  // SOURCES.md: 13 OPEN, 7 NOTIFICATION, 615 KEEPALIVE.
  ["updates.20020722.2238.gz", { OPEN: 13, KEEPALIVE: 615, NOTIFICATION: 7 }],
];

describe("golden: non-UPDATE messages of recorded sessions (MRT BGP4MP)", () => {
  it.each(files)("%s: every message decodes and re-encodes byte for byte", (file, counts) => {
    const seen: Record<string, number> = {};
    const notifications: string[] = [];
    for (const rec of bgpMessages(file)) {
      if (rec.bytes[18] === 2) continue; // UPDATE
      const ctx = createContext({ asn4: rec.asn4 });
      const m: BgpMessage = decodeMessage(rec.bytes, ctx);
      seen[m.type] = (seen[m.type] ?? 0) + 1;
      expect(hex(encodeMessage(m, ctx))).toBe(hex(rec.bytes));
      if (m.type === "NOTIFICATION") notifications.push(formatNotification(m));
    }
    expect(seen).toEqual(counts);
    for (const n of notifications) expect(n).not.toContain("Unknown");
  });

  it("decodes the OPENs' capabilities without raw fallbacks for modelled codes", () => {
    const modelled = new Set([1, 2, 5, 6, 9, 64, 65, 69, 70, 71, 73]);
    let opens = 0;
    for (const [file] of files) {
      for (const rec of bgpMessages(file)) {
        if (rec.bytes[18] !== 1) continue;
        const m = decodeMessage(rec.bytes, createContext({ asn4: rec.asn4 }));
        if (m.type !== "OPEN") continue;
        opens++;
        expect(m.version).toBe(4);
        for (const c of m.capabilities) expect("raw" in c && modelled.has(c.code)).toBe(false);
      }
    }
    expect(opens).toBe(25);
  });
});
