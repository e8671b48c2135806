import { AttrStore } from "@tsbgp/rib";
import { describe, expect, it } from "vitest";
import { attrs } from "./helpers.js";

describe("AttrStore", () => {
  it("interns equal sets to one frozen object and frees it at refcount 0", () => {
    const s = new AttrStore();
    const a = s.intern(attrs([65001, 65002], "192.0.2.1", { communities: [1, 2] }));
    const b = s.intern(attrs([65001, 65002], "192.0.2.1", { communities: [1, 2] }));
    expect(a).toBe(b);
    expect(a.refs).toBe(2);
    expect(Object.isFrozen(a.attrs)).toBe(true);
    expect(Object.isFrozen(a.attrs.communities)).toBe(true);
    expect(a.pathLength).toBe(2);
    expect(a.neighborAs).toBe(65001);
    const c = s.intern(attrs([65001, 65002], "192.0.2.1", { communities: [2, 1] }));
    expect(c).not.toBe(a);
    expect(s.size).toBe(2);
    s.release(a);
    s.release(b);
    expect(s.size).toBe(1);
    expect(s.has(a)).toBe(false);
  });

  it("copies byte views out of the input buffer", () => {
    const s = new AttrStore();
    const buf = new Uint8Array([1, 2, 3, 4]);
    const set = s.intern({ unknown: [{ flags: 0xc0, type: 99, value: buf.subarray(1, 3) }] });
    buf.fill(0);
    expect([...set.attrs.unknown![0]!.value]).toEqual([2, 3]);
  });

  it("drops per-message parts: MP_REACH NLRI and MP_UNREACH", () => {
    const s = new AttrStore();
    const nh = new Uint8Array(16);
    nh[0] = 0x20;
    const mk = (n: number) =>
      s.intern({
        origin: 0,
        mpReach: {
          afi: 2,
          safi: 1,
          nextHop: { afi: 2, addr: nh },
          nextHopBytes: nh,
          nlri: Array.from({ length: n }, () => ({
            prefix: { afi: 2 as const, addr: new Uint8Array(16), len: n },
          })),
          nlriBytes: new Uint8Array(n),
        },
      });
    const a = mk(1);
    const b = mk(3);
    expect(a).toBe(b);
    expect(a.attrs.mpReach!.nlri).toHaveLength(0);
    expect(a.nextHop?.afi).toBe(2);
  });
});
