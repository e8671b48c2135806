import { PrefixTable, v4Key } from "@tsbgp/rib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ip4, v4, v6 } from "./helpers.js";

describe("PrefixTable", () => {
  it("exact and longest-prefix match, IPv4", () => {
    const t = new PrefixTable<string>();
    t.set(v4("10.0.0.0/8"), "a");
    t.set(v4("10.1.0.0/16"), "b");
    t.set(v4("0.0.0.0/0"), "default");
    expect(t.get(v4("10.1.0.0/16"))).toBe("b");
    expect(t.get(v4("10.1.0.0/17"))).toBeUndefined();
    expect(t.longestMatch({ afi: 1, addr: ip4("10.1.2.3") })).toBe("b");
    expect(t.longestMatch({ afi: 1, addr: ip4("10.2.2.3") })).toBe("a");
    expect(t.longestMatch({ afi: 1, addr: ip4("11.0.0.1") })).toBe("default");
    expect(t.delete(v4("0.0.0.0/0"))).toBe(true);
    expect(t.longestMatch({ afi: 1, addr: ip4("11.0.0.1") })).toBeUndefined();
    expect(t.size).toBe(2);
  });

  it("getOrAddV4 masks the address, makes once and counts once", () => {
    const t = new PrefixTable<string>();
    const make = (addr: number, len: number) => `${addr >>> 0}/${len}`;
    expect(t.getOrAddV4(ip4("10.1.2.3"), 16, make)).toBe(`${ip4("10.1.0.0")}/16`);
    expect(t.getOrAddV4(ip4("10.1.9.9"), 16, () => "other")).toBe(`${ip4("10.1.0.0")}/16`);
    expect(t.getOrAddV4(ip4("10.1.0.0"), 24, make)).toBe(`${ip4("10.1.0.0")}/24`);
    expect(t.sizeV4).toBe(2);
    expect(t.get(v4("10.1.0.0/16"))).toBe(`${ip4("10.1.0.0")}/16`);
  });

  it("host bits are ignored in keys", () => {
    const t = new PrefixTable<number>();
    t.set(v4("10.1.2.3/16"), 1);
    expect(t.get(v4("10.1.0.0/16"))).toBe(1);
    expect(v4Key(ip4("10.1.2.3"), 16)).toBe(v4Key(ip4("10.1.0.0"), 16));
  });

  it("exact and longest-prefix match, IPv6", () => {
    const t = new PrefixTable<string>();
    t.set(v6("2001:db8::/32"), "a");
    t.set(v6("2001:db8:1::/48"), "b");
    expect(t.get(v6("2001:db8::/32"))).toBe("a");
    const host = v6("2001:db8:1:2::/128");
    expect(t.longestMatch({ afi: 2, addr: host.addr })).toBe("b");
    const other = v6("2001:db8:2::/128");
    expect(t.longestMatch({ afi: 2, addr: other.addr })).toBe("a");
    expect(t.longestMatch({ afi: 2, addr: v6("2001:db9::/128").addr })).toBeUndefined();
    expect(t.sizeV6).toBe(2);
  });

  it("longest match agrees with a linear scan (property)", () => {
    const arbPrefix = fc.record({
      addr: fc.integer({ min: 0, max: 0xffffffff }),
      len: fc.integer({ min: 0, max: 32 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbPrefix, { maxLength: 40 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (ps, a) => {
          const t = new PrefixTable<number>();
          const mask = (len: number) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
          for (const [i, p] of ps.entries()) t.set({ afi: 1, ...p }, i);
          let bestLen = -1;
          let bestVal: number | undefined;
          // The last write to a key wins, as in the table.
          ps.forEach((p, i) => {
            if ((a & mask(p.len)) >>> 0 !== (p.addr & mask(p.len)) >>> 0) return;
            if (p.len > bestLen) {
              bestLen = p.len;
              bestVal = i;
            } else if (p.len === bestLen) bestVal = i;
          });
          expect(t.longestMatch({ afi: 1, addr: a })).toBe(bestVal);
        },
      ),
    );
  });
});
