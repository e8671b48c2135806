/**
 * Builds a synthetic MRT file whose records exercise the corners of bgpdump's -m output that the
 * real dumps do not reach (AS_SET and confederation segments, AS4_PATH merges, signed
 * local_pref, named communities, malformed and cut attributes, LOCAL and ADD-PATH subtypes,
 * IPv6 peers, abbreviated MP_REACH in TABLE_DUMP_V2, very long AS paths). The test runs the real
 * bgpdump on it and compares.
 */

type Bytes = number[];

const u16 = (v: number): Bytes => [(v >>> 8) & 255, v & 255];
const u32 = (v: number): Bytes => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const ip4 = (s: string): Bytes => s.split(".").map(Number);
function ip6(s: string): Bytes {
  const [head, tail] = s.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.flatMap((g) => u16(Number.parseInt(g, 16)));
}

function attr(flags: number, type: number, value: Bytes): Bytes {
  if (value.length > 255 || flags & 0x10) return [flags | 0x10, type, ...u16(value.length), ...value];
  return [flags, type, value.length, ...value];
}
const seg = (type: number, asns: number[], w: 2 | 4): Bytes => [
  type,
  asns.length,
  ...asns.flatMap((a) => (w === 4 ? u32(a) : u16(a))),
];
const prefix4 = (s: string): Bytes => {
  const [a, l] = s.split("/") as [string, string];
  const len = Number(l);
  return [len, ...ip4(a).slice(0, (len + 7) >> 3)];
};
const prefix6 = (s: string): Bytes => {
  const [a, l] = s.split("/") as [string, string];
  const len = Number(l);
  return [len, ...ip6(a).slice(0, (len + 7) >> 3)];
};

function update(withdrawn: Bytes, attrs: Bytes, nlri: Bytes): Bytes {
  const body = [...u16(withdrawn.length), ...withdrawn, ...u16(attrs.length), ...attrs, ...nlri];
  return [...Array(16).fill(0xff), ...u16(19 + body.length), 2, ...body];
}

function record(type: number, subtype: number, ts: number, body: Bytes, us?: number): Bytes {
  const b = us === undefined ? body : [...u32(us), ...body];
  return [...u32(ts), ...u16(type), ...u16(subtype), ...u32(b.length), ...b];
}

function bgp4mp(as4: boolean, v6: boolean, peer: string, local: string, msg: Bytes): Bytes {
  const as = (a: number) => (as4 ? u32(a) : u16(a));
  const ip = v6 ? ip6 : ip4;
  return [...as(65001), ...as(65000), ...u16(0), ...u16(v6 ? 2 : 1), ...ip(peer), ...ip(local), ...msg];
}

const ORIGIN = (o: number) => attr(0x40, 1, [o]);
const NEXT_HOP = (s: string) => attr(0x40, 3, ip4(s));
const MED = (v: number) => attr(0x80, 4, u32(v));
const LP = (v: number) => attr(0x40, 5, u32(v));

/** The synthetic dump. */
export function syntheticMrt(): Uint8Array {
  const out: Bytes[] = [];
  let ts = 1_600_000_000;
  const msg = (subtype: number, as4: boolean, v6: boolean, m: Bytes, peer = "192.0.2.1") =>
    out.push(record(16, subtype, ts++, bgp4mp(as4, v6, peer, v6 ? "2001:db8::2" : "192.0.2.2", m)));

  // 1. Every segment type, named communities, atomic aggregate, AS4 aggregator, unsigned MED.
  msg(
    4,
    true,
    false,
    update(
      [],
      [
        ...ORIGIN(1),
        ...attr(0x40, 2, [
          ...seg(2, [65001, 4200000000], 4),
          ...seg(1, [1, 2, 3], 4),
          ...seg(3, [7, 8], 4),
          ...seg(4, [9, 10], 4),
          ...seg(2, [11], 4),
        ]),
        ...NEXT_HOP("192.0.2.1"),
        ...MED(0xffffffff),
        ...LP(0x80000001),
        ...attr(0x40, 6, []),
        ...attr(0xc0, 7, [...u32(4200000001), ...ip4("10.0.0.1")]),
        ...attr(0xc0, 8, [
          ...u32(0xffffff01),
          ...u32(0xffffff02),
          ...u32(0xffffff03),
          ...u32(0xffff029a),
          ...u32((65000 << 16) | 1),
        ]),
      ],
      [...prefix4("10.1.0.0/16"), ...prefix4("10.2.0.0/24"), ...prefix4("0.0.0.0/0")],
    ),
  );
  // 2. 2-octet session: AS_TRANS in AS_PATH and AGGREGATOR, merged with AS4_PATH / AS4_AGGREGATOR.
  msg(
    1,
    false,
    false,
    update(
      [],
      [
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [65001, 23456, 23456], 2)),
        ...NEXT_HOP("192.0.2.1"),
        ...attr(0xc0, 7, [...u16(23456), ...ip4("10.0.0.2")]),
        ...attr(0xc0, 17, seg(2, [4200000000, 4200000001], 4)),
        ...attr(0xc0, 18, [...u32(4200000002), ...ip4("10.0.0.3")]),
      ],
      prefix4("10.3.0.0/16"),
    ),
  );
  // 3. AGGREGATOR that is not AS_TRANS next to AS4_AGGREGATOR and AS4_PATH.
  msg(
    1,
    false,
    false,
    update(
      [],
      [
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [65001, 23456], 2)),
        ...NEXT_HOP("192.0.2.1"),
        ...attr(0xc0, 7, [...u16(65010), ...ip4("10.0.0.4")]),
        ...attr(0xc0, 17, seg(2, [4200000000], 4)),
        ...attr(0xc0, 18, [...u32(4200000003), ...ip4("10.0.0.5")]),
      ],
      prefix4("10.4.0.0/16"),
    ),
  );
  // 4. AS4_PATH merge where AS_PATH has several segments (and a set).
  msg(
    1,
    false,
    false,
    update(
      [],
      [
        ...ORIGIN(0),
        ...attr(0x40, 2, [...seg(2, [1], 2), ...seg(2, [2, 3, 23456], 2), ...seg(1, [4, 5], 2)]),
        ...NEXT_HOP("192.0.2.1"),
        ...attr(0xc0, 17, seg(2, [4200000009], 4)),
      ],
      prefix4("10.5.0.0/16"),
    ),
  );
  // 5. AS4_PATH longer than AS_PATH: ignored.
  msg(
    1,
    false,
    false,
    update(
      [],
      [
        ...ORIGIN(2),
        ...attr(0x40, 2, seg(2, [23456], 2)),
        ...NEXT_HOP("192.0.2.1"),
        ...attr(0xc0, 17, seg(2, [4200000000, 4200000001], 4)),
      ],
      prefix4("10.6.0.0/16"),
    ),
  );
  // 6. MP_REACH IPv4 unicast (signed local_pref/med) and MP_UNREACH IPv4, no classic NLRI.
  msg(
    4,
    true,
    false,
    update(
      [],
      [
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [65001], 4)),
        ...LP(0x80000001),
        ...MED(0xfffffffe),
        ...attr(0x80, 15, [...u16(1), 1, ...prefix4("10.7.0.0/16")]),
        ...attr(0x80, 14, [
          ...u16(1),
          1,
          4,
          ...ip4("192.0.2.9"),
          0,
          ...prefix4("10.8.0.0/16"),
          ...prefix4("10.9.1.0/24"),
        ]),
      ],
      [],
    ),
  );
  // 7. IPv6 over an IPv4 LOCAL session: MP_REACH with a link-local next hop, MP_UNREACH.
  msg(
    7,
    true,
    false,
    update(
      [],
      [
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [65000], 4)),
        ...attr(0x80, 15, [...u16(2), 1, ...prefix6("2001:db8:dead::/48")]),
        ...attr(0x80, 14, [
          ...u16(2),
          1,
          32,
          ...ip6("2001:db8::1"),
          ...ip6("fe80::1"),
          0,
          ...prefix6("2001:db8:1::/48"),
          ...prefix6("::/0"),
        ]),
      ],
      [],
    ),
  );
  // 8. IPv6 peer (AS4), IPv6 routes, withdrawals in both places.
  msg(
    4,
    true,
    true,
    update(
      prefix4("10.10.0.0/16"),
      [
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [65001, 65002], 4)),
        ...attr(0x80, 15, [...u16(2), 1, ...prefix6("2001:db8:beef::/48")]),
        ...attr(0x80, 14, [
          ...u16(2),
          1,
          16,
          ...ip6("2001:db8:1:0:1:2:3:4"),
          0,
          ...prefix6("2001:db8:2::/47"),
        ]),
      ],
      [],
    ),
    "2001:db8::1",
  );
  // 9. Malformed AS_PATH (segment type 5), and an attribute cut by the end of the list.
  msg(
    4,
    true,
    false,
    update(
      [],
      [...ORIGIN(0), ...attr(0x40, 2, seg(5, [1], 4)), ...NEXT_HOP("192.0.2.1")],
      prefix4("10.11.0.0/16"),
    ),
  );
  const cutAttrs = [
    ...ORIGIN(0),
    ...attr(0x40, 2, seg(2, [7], 4)),
    ...NEXT_HOP("192.0.2.1"),
    0x40,
    5,
    4,
    0,
    0,
  ];
  msg(4, true, false, update([], cutAttrs, []));
  // 10. ADD-PATH (MESSAGE_AS4_ADDPATH): path ids on withdrawn, NLRI and MP_REACH IPv6.
  msg(
    9,
    true,
    false,
    update(
      [...u32(7), ...prefix4("10.12.0.0/16")],
      [
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [65001], 4)),
        ...NEXT_HOP("192.0.2.1"),
        ...attr(0x80, 14, [
          ...u16(2),
          1,
          16,
          ...ip6("2001:db8::1"),
          0,
          ...u32(3),
          ...prefix6("2001:db8:3::/48"),
        ]),
      ],
      [...u32(1), ...prefix4("10.13.0.0/16"), ...u32(4294967295), ...prefix4("10.14.0.0/16")],
    ),
  );
  // 11. A very long AS path (bgpdump cuts its text after about 7900 characters).
  const long = Array.from({ length: 800 }, (_, i) => 4000000000 + i);
  msg(
    4,
    true,
    false,
    update(
      [],
      [
        ...ORIGIN(0),
        ...attr(
          0x50,
          2,
          [0, 200, 400, 600].flatMap((o) => seg(2, long.slice(o, o + 200), 4)),
        ),
        ...NEXT_HOP("192.0.2.1"),
      ],
      prefix4("10.15.0.0/16"),
    ),
  );
  // 12. MP families bgpdump ignores (SAFI 128, AFI 3), and a KEEPALIVE (no line).
  msg(
    4,
    true,
    false,
    update(
      [],
      [
        ...ORIGIN(0),
        ...attr(0x80, 14, [
          ...u16(1),
          128,
          12,
          ...Array(8).fill(0),
          ...ip4("192.0.2.1"),
          0,
          88,
          ...Array(11).fill(1),
        ]),
        ...attr(0x80, 15, [...u16(3), 1, ...prefix4("10.16.0.0/16")]),
      ],
      [],
    ),
  );
  out.push(
    record(16, 4, ts++, bgp4mp(true, false, "192.0.2.1", "192.0.2.2", [...Array(16).fill(0xff), 0, 19, 4])),
  );
  // 13. BGP4MP_ET: a state change and an UPDATE with microseconds; STATE_CHANGE_AS4 over IPv6.
  out.push(
    record(
      17,
      0,
      ts,
      [
        ...u16(65001),
        ...u16(65000),
        ...u16(0),
        ...u16(1),
        ...ip4("192.0.2.1"),
        ...ip4("192.0.2.2"),
        ...u16(3),
        ...u16(4),
      ],
      42,
    ),
  );
  out.push(
    record(
      17,
      4,
      ts++,
      bgp4mp(
        true,
        false,
        "192.0.2.1",
        "192.0.2.2",
        update([], [...ORIGIN(0), ...NEXT_HOP("192.0.2.1")], prefix4("10.17.0.0/16")),
      ),
      999999,
    ),
  );
  out.push(
    record(16, 5, ts++, [
      ...u32(4200000000),
      ...u32(65000),
      ...u16(0),
      ...u16(2),
      ...ip6("2001:db8::1"),
      ...ip6("2001:db8::2"),
      ...u16(6),
      ...u16(1),
    ]),
  );
  // 14. TABLE_DUMP (v1) IPv6 entry with a full MP_REACH next hop.
  out.push(
    record(12, 2, ts++, [
      ...u16(0),
      ...u16(1),
      ...ip6("2001:db8:40::"),
      42,
      1,
      ...u32(1_500_000_000),
      ...ip6("2001:db8::7"),
      ...u16(65007),
      ...((a: Bytes) => [...u16(a.length), ...a])([
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [65007, 3], 2)),
        ...attr(0x80, 14, [...u16(2), 1, 16, ...ip6("2001:db8::7"), 0, ...prefix6("2001:db8:40::/42")]),
      ]),
    ]),
  );
  // 15. TABLE_DUMP_V2: peers of both families and AS widths, an IPv6 RIB with an abbreviated
  // 32-byte MP_REACH, and an IPv4 ADD-PATH RIB.
  out.push(
    record(13, 1, ts++, [
      ...ip4("198.51.100.1"),
      ...u16(4),
      ...[116, 101, 115, 116],
      ...u16(3),
      ...[0, ...ip4("1.1.1.1"), ...ip4("198.51.100.10"), ...u16(65010)],
      ...[3, ...ip4("2.2.2.2"), ...ip6("2001:db8::20"), ...u32(4200000020)],
      ...[2, ...ip4("3.3.3.3"), ...ip4("198.51.100.30"), ...u32(65030)],
    ]),
  );
  const entry = (peer: number, attrs: Bytes, pathId?: number): Bytes => [
    ...u16(peer),
    ...u32(1_500_000_001),
    ...(pathId === undefined ? [] : u32(pathId)),
    ...u16(attrs.length),
    ...attrs,
  ];
  out.push(
    record(13, 4, ts++, [
      ...u32(0),
      ...prefix6("2001:db8:50::/44"),
      ...u16(2),
      ...entry(1, [
        ...ORIGIN(0),
        ...attr(0x40, 2, seg(2, [4200000020], 4)),
        ...attr(0x80, 14, [32, ...ip6("2001:db8::20"), ...ip6("fe80::20")]),
      ]),
      ...entry(0, [
        ...ORIGIN(1),
        ...attr(0x40, 2, seg(2, [65010], 4)),
        ...attr(0x80, 14, [16, ...ip6("::ffff:198.51.100.10")]),
      ]),
    ]),
  );
  out.push(
    record(13, 8, ts++, [
      ...u32(1),
      ...prefix4("10.20.0.0/15"),
      ...u16(2),
      ...entry(
        2,
        [...ORIGIN(0), ...attr(0x40, 2, seg(2, [65030], 4)), ...NEXT_HOP("198.51.100.30"), ...LP(200)],
        5,
      ),
      ...entry(0, [...ORIGIN(0), ...attr(0x40, 2, []), ...NEXT_HOP("198.51.100.10")], 6),
    ]),
  );
  return Uint8Array.from(out.flat());
}
