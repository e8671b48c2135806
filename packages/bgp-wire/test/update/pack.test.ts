import { describe, expect, it } from "vitest";
import { type CodecContext, createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { packUpdates } from "../../src/message/pack.js";
import { decodeUpdateBody, type LazyUpdateMessage } from "../../src/message/update.js";
import { nlriEntrySize } from "../../src/nlri/encode.js";
import { formatPrefix, parseIpv6 } from "../../src/prefix-format.js";
import type { Nlri } from "../../src/types/address.js";
import type { PathAttributes } from "../../src/types/attributes.js";

const ctx = createContext({ asn4: true });
const v4 = (n: number, len = 24): Nlri => ({ prefix: { afi: 1, addr: ((10 << 24) | (n << 8)) >>> 0, len } });
const v6 = (n: number): Nlri => {
  const addr = parseIpv6("2001:db8::");
  addr[4] = n >> 8;
  addr[5] = n & 0xff;
  return { prefix: { afi: 2, addr, len: 48 } };
};
const shared: PathAttributes = {
  origin: 0,
  asPath: [{ type: 2, asns: [65001, 65002] }],
  nextHop: { afi: 1, addr: 0xc0000201 },
  communities: [0xfde90001],
};

function decodeAll(messages: Uint8Array[], c: CodecContext = ctx): LazyUpdateMessage[] {
  return messages.map((m) => {
    expect([...m.subarray(0, 16)]).toEqual(new Array(16).fill(0xff));
    expect((m[16]! << 8) | m[17]!).toBe(m.length);
    expect(m[18]).toBe(2);
    return decodeUpdateBody(m.subarray(19), c, 19);
  });
}

describe("packUpdates", () => {
  it("fills 4096-byte UPDATEs with IPv4 prefixes sharing one attribute set", () => {
    const announce = Array.from({ length: 5000 }, (_, i) => v4(i));
    const messages = [...packUpdates({ attributes: shared, announce }, ctx)];
    const decoded = decodeAll(messages);
    expect(decoded.flatMap((m) => m.nlri).map((e) => formatPrefix(e.prefix))).toEqual(
      announce.map((e) => formatPrefix(e.prefix)),
    );
    for (const [i, m] of decoded.entries()) {
      expect(messages[i]!.length).toBeLessThanOrEqual(4096);
      expect(m.problems).toEqual([]);
      expect(m.attributes.communities).toEqual([0xfde90001]);
      // Full: the next prefix would not have fitted.
      if (i < decoded.length - 1)
        expect(messages[i]!.length + nlriEntrySize(announce[0]!.prefix, false)).toBeGreaterThan(4096);
    }
    expect(messages.length).toBe(Math.ceil(5000 / Math.floor((4096 - 23 - 32) / 4)));
  });

  it("uses up to 65535 bytes with RFC 8654 extended messages", () => {
    const ext = createContext({ asn4: true, extendedMessage: true });
    const announce = Array.from({ length: 20000 }, (_, i) => v4(i % 65536, 24));
    const messages = [...packUpdates({ attributes: shared, announce }, ext)];
    expect(messages.length).toBe(2);
    expect(messages[0]!.length).toBeGreaterThan(65000);
    expect(messages[0]!.length).toBeLessThanOrEqual(65535);
    expect(decodeAll(messages, ext).reduce((n, m) => n + m.nlri.length, 0)).toBe(20000);
  });

  it("sends IPv6 through MP_REACH_NLRI with the template's next hop and link-local", () => {
    const attributes: PathAttributes = {
      origin: 0,
      asPath: [],
      mpReach: {
        afi: 2,
        safi: 1,
        nextHop: { afi: 2, addr: parseIpv6("2001:db8::1") },
        linkLocal: { afi: 2, addr: parseIpv6("fe80::1") },
        nextHopBytes: new Uint8Array(0),
        nlri: [],
        nlriBytes: new Uint8Array(0),
      },
      localPref: 100,
    };
    const announce = Array.from({ length: 1000 }, (_, i) => v6(i));
    const messages = [...packUpdates({ attributes, announce }, ctx)];
    const decoded = decodeAll(messages);
    expect(messages.length).toBeGreaterThan(1);
    expect(decoded.flatMap((m) => m.attributes.mpReach!.nlri).map((e) => formatPrefix(e.prefix))).toEqual(
      announce.map((e) => formatPrefix(e.prefix)),
    );
    for (const m of decoded) {
      expect(m.problems).toEqual([]);
      expect(m.attributes.localPref).toBe(100);
      expect(m.attributes.mpReach?.linkLocal).toBeDefined();
      expect(m.nlri).toEqual([]);
    }
  });

  it("sends IPv4 through MP_REACH_NLRI with an IPv6 next hop (RFC 8950)", () => {
    const attributes: PathAttributes = {
      origin: 0,
      asPath: [],
      mpReach: {
        afi: 1,
        safi: 1,
        nextHop: { afi: 2, addr: parseIpv6("2001:db8::1") },
        nextHopBytes: new Uint8Array(0),
        nlri: [],
        nlriBytes: new Uint8Array(0),
      },
    };
    const [m, ...rest] = decodeAll([...packUpdates({ attributes, announce: [v4(1), v4(2)] }, ctx)]);
    expect(rest).toEqual([]);
    expect(m!.nlri).toEqual([]);
    expect(m!.attributes.mpReach?.nextHop?.afi).toBe(2);
    expect(m!.attributes.mpReach?.nlri.map((e) => formatPrefix(e.prefix))).toEqual([
      "10.0.1.0/24",
      "10.0.2.0/24",
    ]);
    expect(m!.problems).toEqual([]);
  });

  it("withdraws IPv4 in the Withdrawn Routes field and IPv6 in MP_UNREACH_NLRI", () => {
    const withdraw = [
      ...Array.from({ length: 1500 }, (_, i) => v4(i)),
      ...Array.from({ length: 300 }, (_, i) => v6(i)),
    ];
    const decoded = decodeAll([...packUpdates({ withdraw }, ctx)]);
    expect(decoded.flatMap((m) => m.withdrawn)).toHaveLength(1500);
    expect(decoded.flatMap((m) => m.attributes.mpUnreach?.withdrawn ?? [])).toHaveLength(300);
    for (const m of decoded) expect(m.problems).toEqual([]);
    const viaMp = decodeAll([
      ...packUpdates({ withdraw: withdraw.slice(0, 10) }, ctx, { ipv4WithdrawViaMp: true }),
    ]);
    expect(viaMp).toHaveLength(1);
    expect(viaMp[0]!.withdrawn).toEqual([]);
    expect(viaMp[0]!.attributes.mpUnreach?.afi).toBe(1);
    expect(viaMp[0]!.attributes.mpUnreach?.withdrawn).toHaveLength(10);
  });

  it("sends path identifiers when ADD-PATH send is negotiated", () => {
    const ap = createContext({ asn4: true, addPathSend: ["1/1"], addPathReceive: ["1/1"] });
    const announce = [
      { ...v4(1), pathId: 7 },
      { ...v4(1), pathId: 8 },
    ];
    const [m] = decodeAll([...packUpdates({ attributes: shared, announce }, ap)], ap);
    expect(m!.nlri.map((e) => e.pathId)).toEqual([7, 8]);
  });

  it("rejects what it cannot send", () => {
    expect(() => [...packUpdates({ attributes: shared, announce: [v4(1), v6(1)] }, ctx)]).toThrowError(
      BgpWireError,
    );
    expect(() => [...packUpdates({ attributes: { origin: 0 }, announce: [v4(1)] }, ctx)]).toThrowError(
      BgpWireError,
    );
    expect(() => [...packUpdates({ attributes: shared, announce: [v6(1)] }, ctx)]).toThrowError(BgpWireError);
    const huge: PathAttributes = { ...shared, communities: Array.from({ length: 1100 }, (_, i) => i) };
    expect(() => [...packUpdates({ attributes: huge, announce: [v4(1)] }, ctx)]).toThrowError(BgpWireError);
  });
});
