import {
  createContext,
  decodeMessage,
  MessageFramer,
  type PathAttributes,
  type UpdateMessage,
} from "@tsbgp/bgp-wire";
import { AdjRibOut, encodeUpdates, type Peer, type Rib } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs, ip4, makeRib, v4, v6 } from "../helpers.js";

const ctx = createContext({ asn4: true });

/** The messages back to back, as a plain Uint8Array (what the code under test returns). */
const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Splits a buffer of back-to-back messages with the wire framer and decodes them. */
function decodeAll(bytes: Uint8Array): UpdateMessage[] {
  return new MessageFramer().push(bytes).map((m) => decodeMessage(m, ctx) as UpdateMessage);
}

function reflector(): { rib: Rib; c: Peer[]; g: AdjRibOut } {
  const rib = makeRib();
  const c = [1, 2, 3].map((n) =>
    rib.addPeer({
      name: `c${n}`,
      address: { afi: 1, addr: ip4(`198.18.0.${n}`) },
      asn: 65000,
      routerId: n,
      rrClient: true,
    }),
  );
  const g = new AdjRibOut(rib, { name: "clients", kind: "ibgp", rrClient: true });
  for (const p of c) g.addMember(p);
  return { rib, c, g };
}

const nh6 = v6("2001:db8::1/128").addr;
const v6Attrs: PathAttributes = {
  origin: 0,
  asPath: [{ type: 2, asns: [65100] }],
  localPref: 100,
  mpReach: {
    afi: 2,
    safi: 1,
    nextHop: { afi: 2, addr: nh6 },
    nextHopBytes: nh6,
    nlri: [],
    nlriBytes: new Uint8Array(0),
  },
};

describe("OutBatch.wireFor", () => {
  it("gives every member without an exception the same buffer, equal to the per-message encoding", () => {
    const { rib, c, g } = reflector();
    // 2,000 prefixes over 50 attribute sets: more than one 4096-byte UPDATE per set for some.
    for (let i = 0; i < 2000; i++)
      rib.announce(
        c[0]!,
        v4(`198.18.${i >> 8}.${i & 0xff}/32`),
        attrs([65100, 65200 + (i % 50)], "198.18.0.1"),
      );
    rib.flush();
    const batch = g.flush();
    const a = batch.wireFor(c[1]!, ctx);
    const b = batch.wireFor(c[2]!, createContext({ asn4: true }));
    expect(b).toBe(a);
    expect(a.bytes).toEqual(concat(batch.encodedFor(c[1]!, ctx)));
    expect(a.count).toBe(batch.encodedFor(c[1]!, ctx).length);
    const decoded = decodeAll(a.bytes);
    expect(decoded).toHaveLength(a.count);
    expect(decoded.flatMap((m) => m.nlri)).toHaveLength(2000);
    for (const m of decoded) expect(m.attributes.originatorId).toBe(1);
    // A 2-octet-AS session gets its own encoding.
    const two = batch.wireFor(c[1]!, createContext({ asn4: false }));
    expect(two).not.toBe(a);
    expect(two.bytes).toEqual(concat(encodeUpdates(batch.for(c[1]!), createContext({ asn4: false }))));
  });

  it("sends the source of every path nothing back (split horizon) and another source's path instead", () => {
    const { rib, c, g } = reflector();
    const p = v4("198.18.7.0/24");
    rib.announce(c[0]!, p, attrs([65100], "198.18.0.1"));
    rib.announce(c[0]!, v4("198.18.8.0/24"), attrs([65100], "198.18.0.1"));
    rib.flush();
    let batch = g.flush();
    expect(batch.wireFor(c[0]!, ctx).count).toBe(0);
    expect(decodeAll(batch.wireFor(c[1]!, ctx).bytes).flatMap((m) => m.nlri)).toHaveLength(2);
    // c2 now wins one prefix (shorter path): c1 hears c2's path; c2 itself hears a withdrawal.
    rib.announce(c[1]!, p, { ...attrs([], "198.18.0.2"), localPref: 200 });
    rib.flush();
    batch = g.flush();
    const toC1 = decodeAll(batch.wireFor(c[0]!, ctx).bytes);
    expect(toC1.flatMap((m) => m.nlri).map((n) => n.prefix)).toEqual([p]);
    expect(toC1[0]!.attributes.originatorId).toBe(2);
    const toC2 = decodeAll(batch.wireFor(c[1]!, ctx).bytes);
    expect(toC2.flatMap((m) => m.withdrawn).map((n) => n.prefix)).toEqual([p]);
    expect(toC2.flatMap((m) => m.nlri)).toEqual([]);
    const toC3 = decodeAll(batch.wireFor(c[2]!, ctx).bytes);
    expect(toC3.flatMap((m) => m.nlri).map((n) => n.prefix)).toEqual([p]);
  });

  it("leaves out the families a session did not negotiate", () => {
    const { rib, c, g } = reflector();
    rib.announce(c[0]!, v4("198.18.9.0/24"), attrs([65100], "198.18.0.1"));
    rib.announce(c[0]!, v6("2001:db8:9::/48"), v6Attrs);
    rib.flush();
    const batch = g.flush();
    const both = decodeAll(batch.wireFor(c[1]!, ctx, ["1/1", "2/1"]).bytes);
    expect(both).toHaveLength(2);
    expect(batch.wireFor(c[1]!, ctx)).toBe(batch.wireFor(c[2]!, ctx, ["2/1", "1/1"]));
    const onlyV4 = decodeAll(batch.wireFor(c[1]!, ctx, ["1/1"]).bytes);
    expect(onlyV4.map((m) => m.attributes.mpReach)).toEqual([undefined]);
    expect(onlyV4.flatMap((m) => m.nlri).map((n) => n.prefix)).toEqual([v4("198.18.9.0/24")]);
    const onlyV6 = decodeAll(batch.wireFor(c[2]!, ctx, ["2/1"]).bytes);
    expect(onlyV6.map((m) => m.attributes.mpReach?.afi)).toEqual([2]);
    expect(batch.wireFor(c[0]!, ctx, ["1/1"]).count).toBe(0);
  });

  it("follow: touched gives the same UPDATEs as following best-path changes", () => {
    const run = (follow: "changes" | "touched") => {
      const { rib, c } = reflector();
      const g = new AdjRibOut(rib, { name: "t", kind: "ibgp", rrClient: true, follow });
      for (const p of c) g.addMember(p);
      for (let i = 0; i < 50; i++)
        rib.announce(c[0]!, v4(`198.18.1.${i}/32`), attrs([65100 + (i % 3)], "198.18.0.1"));
      // A non-best path too: touched, not changed; it must not produce an UPDATE.
      rib.announce(c[1]!, v4("198.18.1.7/32"), { ...attrs([65100, 1, 2, 3], "198.18.0.2") });
      rib.flush();
      const first = g.flush().wireFor(c[2]!, ctx).bytes;
      rib.withdraw(c[0]!, v4("198.18.1.7/32"));
      rib.flush();
      const second = g.flush().wireFor(c[2]!, ctx).bytes;
      return { first, second };
    };
    const a = run("changes");
    const b = run("touched");
    expect(b.first).toEqual(a.first);
    expect(b.second).toEqual(a.second);
    // The second batch: c2's path replaces c1's withdrawn one.
    expect(
      decodeAll(b.second)
        .flatMap((m) => m.nlri)
        .map((n) => n.prefix),
    ).toEqual([v4("198.18.1.7/32")]);
    expect(decodeAll(b.first).flatMap((m) => m.nlri)).toHaveLength(50);
  });

  it("is empty when nothing changed", () => {
    const { rib, c, g } = reflector();
    rib.flush();
    const batch = g.flush();
    expect(batch.empty).toBe(true);
    expect(batch.wireFor(c[1]!, ctx)).toEqual({ bytes: new Uint8Array(0), count: 0 });
  });
});
