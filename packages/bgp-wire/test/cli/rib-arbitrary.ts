/**
 * fast-check generators of TABLE_DUMP_V2 files for comparing the WebAssembly RIB formatter with
 * the JS one: a PEER_INDEX_TABLE, then RIB_IPV4/IPV6_UNICAST records (plain and ADD-PATH) whose
 * attribute blocks mix well-formed attributes with the odd ones bgpdump still prints (short
 * values, unknown segment types, truncated attributes, both MP_REACH forms), and some records the
 * fast paths must refuse (prefix too long, entry running past the record).
 */
import fc from "fast-check";

type Bytes = number[];

const u16 = (v: number): Bytes => [(v >>> 8) & 255, v & 255];
const u32 = (v: number): Bytes => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const bytes = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: min, maxLength: max });

/** An attribute with its header; `ext` forces the 2-byte length form. */
function attr(flags: number, type: number, value: Bytes, ext: boolean): Bytes {
  if (ext || value.length > 255) return [flags | 0x10, type, ...u16(value.length), ...value];
  return [flags & ~0x10, type, value.length, ...value];
}

/** A value that is usually `good` and sometimes cut or padded (bgpdump reads zeros past the end). */
const sized = (good: fc.Arbitrary<Bytes>) =>
  fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 1, arbitrary: fc.tuple(good, fc.nat(8)).map(([v, n]) => v.slice(0, n)) },
    { weight: 1, arbitrary: fc.tuple(good, bytes(1, 3)).map(([v, x]) => [...v, ...x]) },
  );

const asn = fc.oneof(
  fc.constantFrom(0, 1, 23456, 65535, 65536, 4200000000, 4294967295),
  fc.integer({ min: 0, max: 0xffffffff }),
);

/** A segment of 255 10-digit ASNs: three of them pass bgpdump's ~7900-character AS path text limit. */
const longSegment: fc.Arbitrary<Bytes> = fc
  .constantFrom(1, 2, 3, 4)
  .map((type) => [type, 255, ...new Array(255).fill(0).flatMap(() => u32(4000000000 + type))]);

const shortSegment: fc.Arbitrary<Bytes> = fc
  .tuple(
    fc.oneof({ weight: 8, arbitrary: fc.constantFrom(1, 2, 3, 4) }, { weight: 1, arbitrary: fc.nat(255) }),
    fc.array(asn, { maxLength: 6 }),
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: -2, max: 2 }) },
    ),
  )
  .map(([type, asns, skew]) => [type, Math.max(0, Math.min(255, asns.length + skew)), ...asns.flatMap(u32)]);

const segment = fc.oneof({ weight: 30, arbitrary: shortSegment }, { weight: 1, arbitrary: longSegment });

/**
 * AS_SEQUENCE paths whose text is 7899, 7900 or 7901 characters (719 ASNs: one of `digits`
 * digits, then 718 of ten digits), around the length at which bgpdump cuts it.
 */
const edgePath: fc.Arbitrary<Bytes> = fc.constantFrom(1, 2, 3).map((digits) => {
  const asns = [10 ** (digits - 1), ...new Array<number>(718).fill(4000000000)];
  const seg = (from: number, to: number): Bytes => [2, to - from, ...asns.slice(from, to).flatMap(u32)];
  return [...seg(0, 255), ...seg(255, 510), ...seg(510, 719)];
});

const community = fc.oneof(
  fc.constantFrom(0xffffff01, 0xffffff02, 0xffffff03, 0xffffff00, 0xffffff04, 0xfffeff01, 0),
  fc.integer({ min: 0, max: 0xffffffff }),
);

const ipv6 = fc.oneof(
  bytes(16, 16),
  // The forms bgpdump prints specially (IPv4-mapped, IPv4-compatible above ::1) and their edges.
  fc
    .tuple(
      fc.integer({ min: 8, max: 10 }),
      fc.constantFrom<Bytes>([0xff, 0xff], [0xff, 0xfe], [0, 0], [0, 0], [0, 1]),
      fc.oneof(bytes(4, 4), fc.constantFrom<Bytes>([0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 2], [0, 1, 0, 0])),
    )
    .map(([zeros, w5, v4]) => [...new Array(10).fill(0).map((_, i) => (i < zeros ? 0 : 0x20)), ...w5, ...v4]),
  fc.array(fc.constantFrom(0, 0, 0, 1, 0xff), { minLength: 16, maxLength: 16 }),
);

/** One attribute, value and header. */
const attribute: fc.Arbitrary<Bytes> = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constant(1), sized(fc.nat(3).map((o) => [o]))),
      fc.tuple(
        fc.constant(2),
        fc.array(segment, { maxLength: 4 }).map((s) => s.flat()),
      ),
      fc.tuple(fc.constant(2), edgePath),
      fc.tuple(fc.constant(3), sized(bytes(4, 4))),
      fc.tuple(fc.constant(4), sized(asn.map(u32))),
      fc.tuple(fc.constant(5), sized(asn.map(u32))),
      fc.tuple(fc.constant(6), fc.constant<Bytes>([])),
      fc.tuple(fc.constant(7), sized(fc.tuple(asn, bytes(4, 4)).map(([a, ip]) => [...u32(a), ...ip]))),
      fc.tuple(fc.constant(8), sized(fc.array(community, { maxLength: 8 }).map((c) => c.flatMap(u32)))),
      // MP_REACH: the abbreviated TABLE_DUMP_V2 form (RFC 6396 §4.3.4) and the full form.
      fc.tuple(
        fc.constant(14),
        sized(
          fc
            .tuple(fc.oneof(fc.constantFrom(16, 32, 4, 1), fc.nat(255)), ipv6, ipv6)
            .map(([n, a, b]) => [n, ...a, ...(n === 32 ? b : [])]),
        ),
      ),
      fc.tuple(
        fc.constant(14),
        sized(
          fc
            .tuple(
              fc.constantFrom(1, 2, 3),
              fc.constantFrom(1, 2, 3, 4),
              fc.constantFrom(4, 16, 32),
              ipv6,
              bytes(0, 9),
            )
            .map(([afi, safi, n, nh, nlri]) => [
              0,
              afi,
              safi,
              n,
              ...nh.slice(0, afi === 1 ? 4 : 16),
              0,
              ...nlri,
            ]),
        ),
      ),
      fc.tuple(fc.constant(15), bytes(0, 8)),
      fc.tuple(
        fc.constant(17),
        fc.array(segment, { maxLength: 2 }).map((s) => s.flat()),
      ),
      fc.tuple(fc.constant(18), sized(bytes(8, 8))),
      fc.tuple(fc.constant(32), bytes(0, 24)),
      fc.tuple(fc.constantFrom(0, 9, 99, 255), bytes(0, 6)),
    ),
    fc.constantFrom(0x40, 0x80, 0xc0, 0xe0),
    fc.boolean(),
  )
  .map(([[type, value], flags, ext]) => attr(flags, type, value, ext));

/** An attribute block: attributes, sometimes followed by a cut one or a stray byte or two. */
export const attributeBlock: fc.Arbitrary<Bytes> = fc
  .tuple(
    fc.array(attribute, { maxLength: 9 }),
    fc.oneof(
      { weight: 8, arbitrary: fc.constant<Bytes>([]) },
      { weight: 1, arbitrary: bytes(1, 2) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.oneof(fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 14), fc.nat(255)),
            bytes(0, 4),
            fc.integer({ min: 1, max: 3 }),
          )
          .map(([t, v, over]) => [0x40, t, v.length + over, ...v]),
      },
    ),
  )
  .map(([attrs, tail]) => [...attrs.flat(), ...tail]);

/** A peer of the PEER_INDEX_TABLE. */
const peer = fc
  .tuple(fc.boolean(), fc.boolean(), bytes(16, 16), asn)
  .map(([v6, as4, ip, a]) => [
    (v6 ? 1 : 0) | (as4 ? 2 : 0),
    10,
    0,
    0,
    1,
    ...ip.slice(0, v6 ? 16 : 4),
    ...(as4 ? u32(a) : u16(a & 0xffff)),
  ]);

function record(ts: number, type: number, subtype: number, body: Bytes): Bytes {
  return [...u32(ts), ...u16(type), ...u16(subtype), ...u32(body.length), ...body];
}

/** A generated file and how many of its RIB records are well formed (the WebAssembly path prints those). */
export interface RibFile {
  readonly bytes: Uint8Array;
  readonly wellFormed: number;
}

const entry = fc.record({ peer: fc.nat(7), pathId: asn, block: attributeBlock });

const rib = fc.record({
  subtype: fc.constantFrom(2, 4, 8, 10),
  ts: fc.constantFrom(1400000000, 1400000001, 4294967295, 0),
  plen: fc.nat(130),
  prefix: bytes(16, 16),
  entries: fc.array(entry, { maxLength: 5 }),
  /** Makes the last entry claim more attribute bytes than the record holds. */
  overrun: fc.oneof(
    { weight: 12, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
});

/** A TABLE_DUMP_V2 file: a peer table (up to 6 peers; entries may name missing ones) and RIB records. */
export const ribFile: fc.Arbitrary<RibFile> = fc
  .tuple(fc.array(peer, { maxLength: 6 }), fc.array(rib, { minLength: 1, maxLength: 12 }))
  .map(([peers, ribs]) => {
    const out: Bytes[] = [
      record(1400000000, 13, 1, [...u32(0x0a000001), ...u16(0), ...u16(peers.length), ...peers.flat()]),
    ];
    let wellFormed = 0;
    for (const [seq, r] of ribs.entries()) {
      const v4 = r.subtype === 2 || r.subtype === 8;
      const addPath = r.subtype >= 8;
      const plen = v4 ? Math.min(r.plen, 34) : r.plen;
      const body: Bytes = [
        ...u32(seq),
        plen,
        ...r.prefix.slice(0, (plen + 7) >> 3),
        ...u16(r.entries.length),
      ];
      r.entries.forEach((e, i) => {
        const claimed = r.overrun && i === r.entries.length - 1 ? e.block.length + 5 : e.block.length;
        body.push(
          ...u16(e.peer),
          ...u32(1399999999),
          ...(addPath ? u32(e.pathId) : []),
          ...u16(claimed),
          ...e.block,
        );
      });
      if (plen <= (v4 ? 32 : 128) && !(r.overrun && r.entries.length > 0)) wellFormed++;
      out.push(record(r.ts, 13, r.subtype, body));
    }
    return { bytes: Uint8Array.from(out.flat()), wellFormed };
  });
