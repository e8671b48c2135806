import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MrtReader } from "@tsbgp/bgp-wire";
import { firstDifference, ourLines, runBgpdump } from "./bgpdump-run.js";
import { syntheticMrt } from "./synthetic-mrt.js";

const dir = mkdtempSync(join(tmpdir(), "tsbgp-synth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bgpdump -m equality on synthetic corner cases (real bgpdump)", () => {
  it("prints what bgpdump prints, line for line", async () => {
    const bytes = syntheticMrt();
    expect([...new MrtReader(bytes)].length).toBe(21);
    const p = join(dir, "synthetic.mrt");
    writeFileSync(p, bytes);
    const expected = runBgpdump(p);
    const ours = await ourLines(p);
    const same = Buffer.compare(Buffer.from(ours), expected) === 0;
    expect(same, same ? "" : firstDifference(ours, expected)).toBe(true);
    // The corners are really there.
    const text = expected.toString("latin1");
    for (const needle of [
      "{1,2,3} (7 8) [9,10] 11",
      "no-export no-advertise local-AS 65535:666 65000:1|AG|",
      "|-2147483647|-2|",
      "! Error !",
      "BGP4MP_LOCAL|",
      "BGP4MP_AP|",
      "BGP4MP_ET|",
      "...",
      "TABLE_DUMP2_AP|",
      "TABLE_DUMP|",
    ]) {
      expect(text).toContain(needle);
    }
  });
});
