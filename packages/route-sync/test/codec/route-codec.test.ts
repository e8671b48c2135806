import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeRoute,
  encodeDelRoute,
  encodeNewRoute,
  type KernelRoute,
  NlmFlags,
  NlWriter,
  normalizeRoute,
  readMessages,
  RtmType,
} from "../../src/index.js";
import { fromHex } from "../helpers/fake-kernel.js";

interface Vector {
  name: string;
  type: string;
  hex: string;
  route: KernelRoute & { table: number; protocol: number };
}
const vectors = JSON.parse(
  readFileSync(new URL("../fixtures/iproute2-requests.json", import.meta.url), "utf8"),
) as Vector[];

const first = (bytes: Uint8Array) => [...readMessages(bytes)][0]!;

describe("route codec against iproute2's bytes", () => {
  for (const v of vectors.filter((x) => x.type === "RTM_NEWROUTE")) {
    it(`decodes ${v.name}`, () => {
      const m = first(fromHex(v.hex));
      expect(m.type).toBe(RtmType.NEWROUTE);
      const { scope: _s, ...route } = decodeRoute(m)!;
      expect(route).toEqual(v.route);
    });

    it(`encodes ${v.name} to what the kernel reads the same way`, () => {
      const w = new NlWriter();
      const r = normalizeRoute(v.route, v.route.protocol);
      encodeNewRoute(w, r, NlmFlags.CREATE | NlmFlags.EXCL | NlmFlags.ACK, 7);
      const ours = first(w.bytes());
      const theirs = first(fromHex(v.hex));
      expect(ours.flags).toBe(theirs.flags);
      // Same rtmsg header (family, lengths, table, protocol, scope, type, flags) as iproute2 sends.
      expect([...ours.payload.subarray(0, 12)]).toEqual([...theirs.payload.subarray(0, 12)]);
      const { scope: _a, ...mine } = decodeRoute(ours)!;
      const { scope: _b, ...ref } = decodeRoute(theirs)!;
      expect(mine).toEqual({ ...ref, metric: r.metric });
    });
  }

  it("encodes a delete like `ip route del ... proto 200`: protocol set, scope NOWHERE, type UNSPEC", () => {
    const v = vectors.find((x) => x.name === "v4-delete")!;
    const theirs = first(fromHex(v.hex));
    const w = new NlWriter();
    encodeDelRoute(w, normalizeRoute({ ...v.route, kind: "blackhole" }, 200), NlmFlags.ACK, 1);
    const ours = first(w.bytes());
    expect(ours.type).toBe(RtmType.DELROUTE);
    expect([...ours.payload.subarray(0, 12)]).toEqual([...theirs.payload.subarray(0, 12)]);
  });

  it("pins our own bytes for a gateway route (regression vector)", () => {
    const w = new NlWriter();
    encodeNewRoute(
      w,
      normalizeRoute(
        { prefix: { family: 4, address: "198.19.0.0", length: 24 }, nexthops: [{ gateway: "198.18.0.2" }] },
        200,
      ),
      NlmFlags.CREATE | NlmFlags.REPLACE,
      1,
    );
    expect(Buffer.from(w.bytes()).toString("hex")).toBe(
      "3c000000180001050100000000000000" + // nlmsghdr: len 60, NEWROUTE, REQUEST|REPLACE|CREATE, seq 1
        "02180000fec80001" + // rtmsg: inet /24, table main, proto 200, universe, unicast
        "00000000" + // rtm_flags
        "08000100c6130000" + // RTA_DST 198.19.0.0
        "08000f00fe000000" + // RTA_TABLE 254
        "0800060000000000" + // RTA_PRIORITY 0
        "08000500c6120002", // RTA_GATEWAY 198.18.0.2
    );
  });
});

const hop4 = fc.record(
  {
    gateway: fc.ipV4(),
    ifindex: fc.integer({ min: 1, max: 100_000 }),
    onlink: fc.constant(true),
  },
  { requiredKeys: ["gateway"] },
);

const route4 = fc
  .record({
    len: fc.integer({ min: 0, max: 32 }),
    addr: fc.ipV4(),
    kind: fc.constantFrom("unicast", "blackhole", "unreachable", "prohibit"),
    hops: fc.array(hop4, { minLength: 1, maxLength: 4 }),
    weights: fc.array(fc.integer({ min: 1, max: 256 }), { minLength: 4, maxLength: 4 }),
    table: fc.integer({ min: 1, max: 0xffff_ffff }),
    metric: fc.integer({ min: 0, max: 0xffff_ffff }),
    protocol: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ len, addr, kind, hops, weights, table, metric, protocol }) => {
    const bytes = addr.split(".").map(Number);
    const masked = bytes.map((b, i) => {
      const keep = Math.max(0, Math.min(8, len - i * 8));
      return keep === 0 ? 0 : b & ((0xff << (8 - keep)) & 0xff);
    });
    const nexthops =
      kind !== "unicast"
        ? []
        : hops.map((h, i) => ({
            gateway: h.gateway,
            ...(h.onlink && h.ifindex ? { ifindex: h.ifindex, onlink: true } : {}),
            ...(hops.length > 1 ? { weight: weights[i]! } : {}),
          }));
    return normalizeRoute(
      {
        prefix: { family: 4, address: masked.join("."), length: len },
        kind,
        nexthops,
        table,
        metric,
        protocol,
      },
      0,
    );
  });

describe("route codec properties", () => {
  it("decode(encode(route)) = route", () => {
    fc.assert(
      fc.property(route4, (r) => {
        const w = new NlWriter(16);
        encodeNewRoute(w, r, NlmFlags.CREATE, 1);
        const { scope: _s, ...back } = decodeRoute(first(w.bytes()))!;
        expect(back).toEqual(r);
      }),
    );
  });

  it("arbitrary bytes give only RouteSyncError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          for (const m of readMessages(bytes)) decodeRoute({ ...m, type: RtmType.NEWROUTE });
        } catch (e) {
          expect((e as Error).name).toBe("RouteSyncError");
        }
      }),
    );
  });
});
