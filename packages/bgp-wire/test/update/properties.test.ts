/**
 * Properties: decode(encode(x)) = x for generated UPDATEs in every codec context; hostile bytes
 * (random, or a valid UPDATE with one byte changed) give only BgpWireError, and a decoded
 * UPDATE's getters never throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePathAttributes } from "../../src/attributes/decode.js";
import { type CodecContext, createContext } from "../../src/context.js";
import { BgpWireError } from "../../src/errors.js";
import { decodeUpdateBody, materializeUpdate } from "../../src/message/update.js";
import { countNlri, decodeNlri, forEachIpv4Nlri, forEachNlri } from "../../src/nlri/decode.js";
import { encodeNlri } from "../../src/nlri/encode.js";
import type { Nlri, Prefix } from "../../src/types/address.js";
import type { AsPathSegment, PathAttributes, RawAttribute } from "../../src/types/attributes.js";
import type { UpdateMessage } from "../../src/types/messages.js";
import { ByteWriter } from "../../src/writer.js";
import { encodeBody } from "./helpers.js";

const u32 = fc.nat({ max: 0xffffffff });

/** Addresses whose bits past the prefix's last octet are zero (they do not exist on the wire). */
const prefix4: fc.Arbitrary<Prefix> = fc.tuple(fc.integer({ min: 0, max: 32 }), u32).map(([len, a]) => {
  const keep = ((len + 7) >> 3) * 8;
  const mask = keep === 0 ? 0 : (0xffffffff << (32 - keep)) >>> 0;
  return { afi: 1, addr: (a & mask) >>> 0, len };
});
const prefix6: fc.Arbitrary<Prefix> = fc
  .tuple(fc.integer({ min: 0, max: 128 }), fc.uint8Array({ minLength: 16, maxLength: 16 }))
  .map(([len, a]) => {
    const addr = new Uint8Array(16);
    addr.set(a.subarray(0, (len + 7) >> 3));
    return { afi: 2, addr, len };
  });

function nlriList(p: fc.Arbitrary<Prefix>, addPath: boolean): fc.Arbitrary<Nlri[]> {
  return fc.array(
    addPath
      ? fc.tuple(p, u32).map(([prefix, pathId]) => ({ prefix, pathId }))
      : p.map((prefix) => ({ prefix })),
    { maxLength: 6 },
  );
}

function asPath(asn: fc.Arbitrary<number>, confed: boolean): fc.Arbitrary<AsPathSegment[]> {
  const types = confed ? ([1, 2, 3, 4] as const) : ([1, 2] as const);
  return fc.array(
    fc.record({ type: fc.constantFrom(...types), asns: fc.array(asn, { minLength: 1, maxLength: 6 }) }),
    { maxLength: 3 },
  );
}

const unknownTypes = fc.uniqueArray(fc.integer({ min: 40, max: 255 }), { maxLength: 3 });

function updateArb(ctx: CodecContext): fc.Arbitrary<UpdateMessage> {
  const asn = ctx.asn4 ? u32 : fc.nat({ max: 0xffff });
  const addPath = ctx.addPathSend.has("1/1");
  const ap6 = ctx.addPathSend.has("2/1");
  const raw: fc.Arbitrary<RawAttribute[]> = unknownTypes.chain((types) =>
    fc.tuple(
      ...types.map((type) =>
        fc.record({
          flags: fc.constantFrom(0x80, 0xc0, 0xe0),
          type: fc.constant(type),
          value: fc.uint8Array({ maxLength: 8 }),
        }),
      ),
    ),
  );
  const attrs = fc.record(
    {
      origin: fc.constantFrom(0, 1, 2),
      asPath: asPath(asn, true),
      nextHop: u32.map((addr) => ({ afi: 1 as const, addr })),
      med: u32,
      localPref: u32,
      atomicAggregate: fc.constant(true as const),
      aggregator: fc.record({ asn, address: u32 }),
      communities: fc.array(u32, { minLength: 1, maxLength: 4 }),
      originatorId: u32,
      clusterList: fc.array(u32, { minLength: 1, maxLength: 3 }),
      extendedCommunities: fc.array(fc.uint8Array({ minLength: 8, maxLength: 8 }), {
        minLength: 1,
        maxLength: 3,
      }),
      as4Path: asPath(u32, false).filter((p) => p.length > 0),
      as4Aggregator: fc.record({ asn: u32, address: u32 }),
      largeCommunities: fc.array(fc.record({ global: u32, local1: u32, local2: u32 }), {
        minLength: 1,
        maxLength: 2,
      }),
      unknown: raw.filter((r) => r.length > 0),
      mpReach: fc
        .tuple(prefix6, fc.option(prefix6, { nil: undefined }), nlriList(prefix6, ap6))
        .map(([nh, ll, nlri]) => ({
          afi: 2,
          safi: 1,
          nextHop: { afi: 2 as const, addr: nh.addr },
          ...(ll ? { linkLocal: { afi: 2 as const, addr: ll.addr } } : {}),
          nextHopBytes: new Uint8Array(0),
          nlri,
          nlriBytes: new Uint8Array(0),
        })),
      mpUnreach: nlriList(prefix6, ap6).map((withdrawn) => ({
        afi: 2,
        safi: 1,
        withdrawn,
        withdrawnBytes: new Uint8Array(0),
      })),
    },
    { requiredKeys: ["origin", "asPath", "nextHop"] },
  );
  return fc.record({
    type: fc.constant("UPDATE" as const),
    withdrawn: nlriList(prefix4, addPath),
    attributes: attrs as fc.Arbitrary<PathAttributes>,
    nlri: nlriList(prefix4, addPath),
  });
}

/** The comparable content of an UPDATE: no wire info, no raw views of modelled families. */
function comparable(m: UpdateMessage): unknown {
  const { wire: _w, mpReach, mpUnreach, extendedCommunities, unknown, ...rest } = m.attributes;
  return {
    withdrawn: m.withdrawn,
    nlri: m.nlri,
    attributes: {
      ...rest,
      ...(extendedCommunities ? { extendedCommunities: extendedCommunities.map((c) => [...c]) } : {}),
      ...(unknown ? { unknown: unknown.map((u) => ({ ...u, value: [...u.value] })) } : {}),
      ...(mpReach
        ? {
            mpReach: {
              nextHop: mpReach.nextHop,
              linkLocal: mpReach.linkLocal,
              nlri: mpReach.nlri,
              family: [mpReach.afi, mpReach.safi],
            },
          }
        : {}),
      ...(mpUnreach
        ? { mpUnreach: { withdrawn: mpUnreach.withdrawn, family: [mpUnreach.afi, mpUnreach.safi] } }
        : {}),
    },
  };
}

const contexts = fc
  .record({ asn4: fc.boolean(), ap4: fc.boolean(), ap6: fc.boolean() })
  .map(({ asn4, ap4, ap6 }) => {
    const ap = [...(ap4 ? ["1/1" as const] : []), ...(ap6 ? ["2/1" as const] : [])];
    return createContext({ asn4, addPathReceive: ap, addPathSend: ap, extendedMessage: true });
  });

function onlyBgpWireErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof BgpWireError)) throw e;
  }
}

describe("UPDATE codec properties", () => {
  it("decode(encode(x)) = x", () => {
    fc.assert(
      fc.property(
        contexts.chain((ctx) => fc.tuple(fc.constant(ctx), updateArb(ctx))),
        ([ctx, msg]) => {
          const bytes = encodeBody(msg, ctx);
          const back = decodeUpdateBody(bytes, ctx, 19);
          expect(back.problems).toEqual([]);
          expect(comparable(back)).toEqual(comparable(msg));
          // And the decoded form re-encodes to the same bytes.
          expect([...encodeBody(back, ctx)]).toEqual([...bytes]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("arbitrary bytes give only BgpWireError, and a returned UPDATE never throws on access", () => {
    fc.assert(
      fc.property(contexts, fc.uint8Array({ maxLength: 120 }), (ctx, bytes) => {
        onlyBgpWireErrors(() => {
          const m = decodeUpdateBody(bytes, ctx, 19);
          materializeUpdate(m);
          for (const p of m.problems) expect(p).toBeInstanceOf(BgpWireError);
        });
        onlyBgpWireErrors(() => decodePathAttributes(bytes, ctx));
      }),
      { numRuns: 3000 },
    );
  });

  it("one changed byte in a valid UPDATE gives only BgpWireError", () => {
    fc.assert(
      fc.property(
        contexts.chain((ctx) => fc.tuple(fc.constant(ctx), updateArb(ctx), fc.nat(), fc.nat({ max: 255 }))),
        ([ctx, msg, at, value]) => {
          const bytes = encodeBody(msg, ctx);
          bytes[at % bytes.length] = value;
          onlyBgpWireErrors(() => {
            const m = decodeUpdateBody(bytes, ctx, 19);
            materializeUpdate(m);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("the lazy UPDATE and the eager attribute decoder agree", () => {
    // Attribute-shaped random input: a few TLVs with plausible types and short values.
    const tlv = fc
      .tuple(
        fc.constantFrom(0x40, 0x50, 0x80, 0x90, 0xc0, 0xd0, 0xe0),
        fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 32, 99),
        fc.uint8Array({ maxLength: 12 }),
      )
      .map(([flags, type, v]) => [flags, type, ...(flags & 0x10 ? [0, v.length] : [v.length]), ...v]);
    fc.assert(
      fc.property(contexts, fc.array(tlv, { maxLength: 5 }), (ctx, parts) => {
        const field = Uint8Array.from(parts.flat());
        let eager: ReturnType<typeof decodePathAttributes> | BgpWireError;
        try {
          eager = decodePathAttributes(field, ctx, 23);
        } catch (e) {
          if (!(e instanceof BgpWireError)) throw e;
          eager = e;
        }
        const b = new Uint8Array(4 + field.length);
        b[2] = field.length >> 8;
        b[3] = field.length & 0xff;
        b.set(field, 4);
        if (eager instanceof BgpWireError) {
          expect(() => decodeUpdateBody(b, ctx, 19)).toThrowError(eager.message);
          return;
        }
        const lazy = decodeUpdateBody(b, ctx, 19);
        expect(lazy.attributes).toEqual(eager.attributes);
        const messages = lazy.problems.map((p) => p.message);
        expect(messages.slice(0, eager.problems.length)).toEqual(eager.problems.map((p) => p.message));
        // Only the mandatory-attribute check (which needs the NLRI) may add problems.
        for (const p of lazy.problems.slice(eager.problems.length)) expect(p.subcode).toBe(3);
      }),
      { numRuns: 2000 },
    );
  });

  it("decodeNlri, countNlri and forEachNlri agree on any input", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom(1, 2),
        fc.boolean(),
        (bytes, afi, addPath) => {
          const outcome = (f: () => number): number | "error" => {
            try {
              return f();
            } catch (e) {
              expect(e).toBeInstanceOf(BgpWireError);
              return "error";
            }
          };
          const a = outcome(() => decodeNlri(bytes, afi, addPath).length);
          const b = outcome(() => countNlri(bytes, afi, addPath));
          const c = outcome(() => forEachNlri(bytes, afi, addPath, () => {}));
          expect([b, c]).toEqual([a, a]);
          if (afi === 1) expect(outcome(() => forEachIpv4Nlri(bytes, addPath, () => {}))).toEqual(a);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("forEachIpv4Nlri visits what decodeNlri decodes, the address as an int32", () => {
    for (const addPath of [false, true]) {
      fc.assert(
        fc.property(nlriList(prefix4, addPath), (list) => {
          const w = new ByteWriter(64);
          encodeNlri(w, list, 1, addPath);
          const bytes = w.finish();
          const seen: [number, number, number][] = [];
          const n = forEachIpv4Nlri(bytes, addPath, (len, addr, pathId) => {
            expect(addr).toBe(addr | 0);
            seen.push([len, addr >>> 0, pathId]);
          });
          expect(n).toBe(list.length);
          expect(seen).toEqual(list.map((e) => [e.prefix.len, e.prefix.addr, e.pathId ?? 0]));
        }),
        { numRuns: 300 },
      );
    }
  });
});
