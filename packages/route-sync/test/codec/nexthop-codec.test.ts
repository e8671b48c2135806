import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeNexthop,
  decodeRoute,
  encodeDelNexthop,
  encodeNewNexthop,
  encodeNewRoute,
  type NexthopSpec,
  NlmFlags,
  NlWriter,
  normalizeRoute,
  readMessages,
  RtmType,
  routeNexthopId,
} from "../../src/index.js";
import { fromHex } from "../helpers/fake-kernel.js";

interface Vector {
  name: string;
  command: string;
  type: string;
  hex: string;
}
const vectors = JSON.parse(
  readFileSync(new URL("../fixtures/iproute2-nexthop-requests.json", import.meta.url), "utf8"),
) as Vector[];
const vector = (name: string) => fromHex(vectors.find((v) => v.name === name)!.hex);
const first = (bytes: Uint8Array) => [...readMessages(bytes)][0]!;
/** The bytes after the sequence number and port id, which differ per run. */
const body = (bytes: Uint8Array) => [...bytes.subarray(0, 8), ...bytes.subarray(16)];
const NEW = NlmFlags.CREATE | NlmFlags.EXCL | NlmFlags.ACK;

const specs: Record<string, NexthopSpec> = {
  "v4-gateway": {
    kind: "gateway",
    id: 10,
    family: 4,
    gateway: "198.18.0.2",
    ifindex: 3,
    onlink: false,
    protocol: 200,
  },
  "v4-gateway-onlink": {
    kind: "gateway",
    id: 11,
    family: 4,
    gateway: "198.18.0.3",
    ifindex: 3,
    onlink: true,
    protocol: 200,
  },
  "group-weights": {
    kind: "group",
    id: 12,
    members: [
      { id: 10, weight: 1 },
      { id: 11, weight: 3 },
    ],
    protocol: 200,
  },
  "v6-gateway": {
    kind: "gateway",
    id: 20,
    family: 6,
    gateway: "2001:db8::2",
    ifindex: 3,
    onlink: false,
    protocol: 200,
  },
};

describe("nexthop codec against iproute2's bytes", () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`encodes ${name} byte for byte`, () => {
      const w = new NlWriter();
      encodeNewNexthop(w, spec, NEW, 1);
      expect(body(w.bytes())).toEqual(body(vector(name)));
    });

    it(`decodes ${name}`, () => {
      const m = first(vector(name));
      expect(m.type).toBe(RtmType.NEWNEXTHOP);
      const nh = decodeNexthop(m)!;
      expect(nh.id).toBe(spec.id);
      expect(nh.protocol).toBe(200);
      if (spec.kind === "group") {
        expect(nh.family).toBeUndefined();
        expect(nh.group).toEqual(spec.members);
      } else {
        expect(nh).toMatchObject({
          family: spec.family,
          gateway: spec.gateway,
          ifindex: 3,
          onlink: spec.onlink,
          group: [],
        });
      }
    });
  }

  it("encodes a delete like `ip nexthop del id 20`", () => {
    const w = new NlWriter();
    encodeDelNexthop(w, 20, NlmFlags.ACK, 1);
    expect(body(w.bytes())).toEqual(body(vector("delete")));
  });

  it("encodes a route through an object like `ip route add ... nhid N` (same header and id)", () => {
    for (const [name, route] of [
      [
        "route-nhid",
        { prefix: { family: 4, address: "198.19.0.0", length: 24 }, nexthops: [{ gateway: "x" }] },
      ],
      [
        "route-nhid-table1000",
        {
          prefix: { family: 4, address: "198.19.1.0", length: 24 },
          nexthops: [{ gateway: "x" }],
          table: 1000,
          metric: 5,
        },
      ],
    ] as const) {
      const theirs = first(vector(name));
      const id = routeNexthopId(theirs);
      expect(id).toBeGreaterThan(0);
      const w = new NlWriter();
      const r = normalizeRoute({ ...route, nexthops: [{ gateway: "198.18.0.2" }] }, 200);
      encodeNewRoute(w, r, NEW, 1, id);
      const ours = first(w.bytes());
      expect(ours.flags).toBe(theirs.flags);
      expect([...ours.payload.subarray(0, 12)]).toEqual([...theirs.payload.subarray(0, 12)]);
      expect(routeNexthopId(ours)).toBe(id);
      const { scope: _a, ...mine } = decodeRoute(ours)!;
      const { scope: _b, ...ref } = decodeRoute(theirs)!;
      expect(mine).toEqual({ ...ref, metric: r.metric });
      expect(mine.nexthops).toEqual([]); // the id replaces RTA_GATEWAY
      expect(mine.nexthopId).toBe(id);
    }
  });
});

describe("nexthop codec round trips", () => {
  const gateway = fc.record({
    kind: fc.constant("gateway" as const),
    id: fc.integer({ min: 1, max: 0xffff_ffff }),
    family: fc.constant(4 as const),
    gateway: fc.ipV4(),
    ifindex: fc.integer({ min: 1, max: 0x7fff_ffff }),
    onlink: fc.boolean(),
    protocol: fc.integer({ min: 0, max: 255 }),
  });
  const group = fc.record({
    kind: fc.constant("group" as const),
    id: fc.integer({ min: 1, max: 0xffff_ffff }),
    members: fc.array(
      fc.record({ id: fc.integer({ min: 1, max: 0xffff_ffff }), weight: fc.integer({ min: 1, max: 256 }) }),
      { minLength: 1, maxLength: 8 },
    ),
    protocol: fc.integer({ min: 0, max: 255 }),
  });

  it("decode(encode(spec)) gives the spec back", () => {
    fc.assert(
      fc.property(fc.oneof(gateway, group), (spec) => {
        const w = new NlWriter();
        encodeNewNexthop(w, spec, NEW, 9);
        const nh = decodeNexthop(first(w.bytes()))!;
        expect(nh.id).toBe(spec.id);
        expect(nh.protocol).toBe(spec.protocol);
        if (spec.kind === "group") expect(nh.group).toEqual(spec.members);
        else expect(nh).toMatchObject({ gateway: spec.gateway, ifindex: spec.ifindex, onlink: spec.onlink });
      }),
    );
  });

  it("arbitrary bytes give a nexthop, undefined or a RouteSyncError, never another error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (payload) => {
        try {
          decodeNexthop({ type: RtmType.NEWNEXTHOP, flags: 0, seq: 0, pid: 0, payload });
        } catch (e) {
          expect((e as Error).name).toBe("RouteSyncError");
        }
      }),
    );
  });
});
