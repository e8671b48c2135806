/**
 * Reads the 10-byte fixed part of an OPEN body with a compiled binary-parser `Parser` and with
 * the plain index reads `decodeOpenBody` uses, in the same run. Run alone with
 * `npx tsx packages/bgp-wire/bench/message-open-fixed.bench.ts` or through `npm run bench`
 * (which passes `--json`: the last line is then the figures as JSON).
 */
// binary-parser's `exports` give its ESM build no types; its CJS entry has them.
import { Parser } from "binary-parser/dist/binary_parser.js";
import { u16, u32 } from "../src/message/read-write.js";

const body = Uint8Array.from([4, 0xfd, 0xe9, 0, 0xb4, 0xc0, 0xa8, 0x0a, 0x44, 0]);
const parser = new Parser()
  .endianness("big")
  .uint8("version")
  .uint16("myAs")
  .uint16("holdTime")
  .uint32("bgpId")
  .uint8("optLen");

function direct(b: Uint8Array) {
  return { version: b[0]!, myAs: u16(b, 1), holdTime: u16(b, 3), bgpId: u32(b, 5), optLen: b[9]! };
}

const json = process.argv.includes("--json");

/** Operations per second of `f` after a warm-up. */
function opsPerSec(f: () => { myAs: number }, n = 2_000_000): number {
  let sink = 0;
  for (let i = 0; i < 100_000; i++) sink ^= f().myAs;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink ^= f().myAs;
  const ms = performance.now() - t0;
  // Using the sink keeps the calls from being optimised away.
  if (sink === -1) console.log("unreachable");
  return Math.round((n / ms) * 1000);
}

const binaryParser = opsPerSec(() => parser.parse(body) as { myAs: number });
const indexReads = opsPerSec(() => direct(body));
const figures = {
  binaryParserOpsPerSec: binaryParser,
  indexReadsOpsPerSec: indexReads,
  speedup: indexReads / binaryParser,
};
if (json) console.log(JSON.stringify(figures));
else {
  console.log(`binary-parser ${binaryParser.toExponential(2)} ops/s`);
  console.log(`index reads   ${indexReads.toExponential(2)} ops/s (${figures.speedup.toFixed(1)}x)`);
}
