import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ALL_SHARED_MRT, readMaybeGzip, shared } from "../mrt/fixture-paths.js";
import { countRibRecords, firstDifference, ourDump, ourLines, runBgpdump } from "./bgpdump-run.js";

/**
 * The `tsbgp-mrt` formatter must print exactly what Debian's bgpdump 1.6.2 `-m` prints, byte for
 * byte, on every MRT fixture: the real bgpdump runs in the test.
 */
describe("bgpdump -m equality (real bgpdump)", () => {
  for (const rel of ALL_SHARED_MRT) {
    it(rel, async () => {
      const path = shared(rel);
      const expected = runBgpdump(path);
      const ours = await ourDump(path);
      const same = Buffer.compare(Buffer.from(ours.bytes), expected) === 0;
      expect(same, same ? "" : firstDifference(ours.bytes, expected)).toBe(true);
      // Make sure the comparison is about something for the inputs bgpdump prints lines for.
      if (!rel.endsWith("openbgpd_rib_table-mp")) expect(expected.length).toBeGreaterThan(0);
      // Every TABLE_DUMP_V2 unicast RIB record went through the WebAssembly formatter.
      expect(ours.wasmRecords).toBe(countRibRecords(readMaybeGzip(path)));
      // The JS formatter, still used where WebAssembly is missing or rejects a record, as well.
      if (ours.wasmRecords > 0) {
        const js = await ourDump(path, false);
        const jsSame = Buffer.compare(Buffer.from(js.bytes), expected) === 0;
        expect(jsSame, jsSame ? "" : firstDifference(js.bytes, expected)).toBe(true);
        expect(js.wasmRecords).toBe(0);
        expect(js.skipped).toEqual(ours.skipped);
      }
    });
  }

  it("the RIB fixtures hold RIB records (so the WebAssembly path is exercised above)", () => {
    const ribs = ALL_SHARED_MRT.filter((rel) => countRibRecords(readMaybeGzip(shared(rel))) > 0);
    expect(ribs).toContain("routeviews/rib.20140523.0600.first-complete-records.mrt.gz");
    expect(ribs.length).toBeGreaterThanOrEqual(5);
  });
});

/**
 * The expected outputs that bgpdump's own test suite checks (`test_expect/*.bgp.gz`, made with
 * `bgpdump -vm`), compared without needing bgpdump installed. Documented exception:
 * updates.nlri_mask_trailing_bits.gz, whose expected file comes from a newer bgpdump that clears
 * host bits (11.8.0.0/13) while 1.6.2, and so tsbgp-mrt, print the prefix as sent (11.13.0.0/13).
 */
describe("bgpdump's own expected outputs", () => {
  const names = [
    "bview.20020722.2337.gz",
    "bview.64k_stream_overflow.gz",
    "bview.ipv4_unicast_add_path.gz",
    "bview.ipv6_unicast_add_path.gz",
    "updates.20020722.2238.gz",
    "updates.20070211.0141.gz",
    "updates.20071015.1505.gz",
    "updates.20100722.2015.gz",
    "updates.20160811.1600.gz",
    "updates.et-header.2015.gz",
    "updates.long_withdrawal.gz",
  ];
  for (const name of names) {
    it(name, async () => {
      const expected = gunzipSync(readFileSync(shared(`bgpdump/test_expect/${name}.bgp.gz`)));
      const ours = await ourLines(shared(`bgpdump/test_data/${name}`));
      const same = Buffer.compare(Buffer.from(ours), expected) === 0;
      expect(same, same ? "" : firstDifference(ours, expected)).toBe(true);
    });
  }

  it("updates.nlri_mask_trailing_bits.gz: 1.6.2 behaviour, not the newer expected file", async () => {
    const ours = Buffer.from(await ourLines(shared("bgpdump/test_data/updates.nlri_mask_trailing_bits.gz")));
    expect(ours.toString()).toContain("|11.13.0.0/13|");
    const newer = gunzipSync(
      readFileSync(shared("bgpdump/test_expect/updates.nlri_mask_trailing_bits.gz.bgp.gz")),
    );
    expect(newer.toString()).toContain("|11.8.0.0/13|");
    const debian = readFileSync(shared("bgpdump/test_data/updates.nlri_mask_trailing_bits.gz.bgpdump.txt"));
    expect(ours.equals(debian)).toBe(true);
  });
});
