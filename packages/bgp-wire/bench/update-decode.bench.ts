/**
 * UPDATE decoding over a real full table: the 89,679 UPDATEs (577,737 IPv4 prefixes, every one
 * with ORIGINATOR_ID/CLUSTER_LIST/LOCAL_PREF/MED/communities) of one iBGP session in
 * `updates.et-header.2015.gz`. Measured in the same run:
 * - `full`: lazy decode + every attribute + NLRI objects (what a RIB ingest pays);
 * - `nlriObjects`: sections sliced + NLRI objects, attributes untouched;
 * - `visitor`: sections sliced + `forEachNlri` (no per-prefix allocation);
 * - `binaryParser`: the NLRI fields alone parsed by a compiled binary-parser `Parser`, the
 *   baseline that shows why the per-prefix loop is hand-written.
 * Run alone with `npx tsx packages/bgp-wire/bench/update-decode.bench.ts` or via `npm run bench`.
 */
import { loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
// binary-parser's `exports` give its ESM build no types; its CJS entry has them.
import { Parser } from "binary-parser/dist/binary_parser.js";
import { createContext } from "../src/context.js";
import { decodeUpdateBody } from "../src/message/update.js";
import { forEachNlri } from "../src/nlri/decode.js";

const json = process.argv.includes("--json");
const file = new URL(
  "../../../../shared/fixtures/mrt/bgpdump/test_data/updates.et-header.2015.gz",
  import.meta.url,
);
const dump = new Uint8Array(gunzipSync(readFileSync(file)));

// The UPDATE bodies of the BGP4MP_ET MESSAGE_AS4 records (RFC 6396 §3, §4.4.3).
const bodies: Uint8Array[] = [];
const dv = new DataView(dump.buffer, dump.byteOffset, dump.byteLength);
for (let i = 0; i + 12 <= dump.length; ) {
  const type = dv.getUint16(i + 4);
  const subtype = dv.getUint16(i + 6);
  const len = dv.getUint32(i + 8);
  const end = i + 12 + len;
  if (type === 17 && subtype === 4 && dv.getUint16(i + 26) === 1) {
    const msg = dump.subarray(i + 36, end);
    if (msg[18] === 2) bodies.push(msg.subarray(19));
  }
  i = end;
}
const ctx = createContext({ asn4: true });

let sink = 0;
function full(): number {
  let n = 0;
  for (const b of bodies) {
    const u = decodeUpdateBody(b, ctx, 19);
    if (u.attributes.localPref !== undefined) sink++;
    n += u.nlri.length + u.withdrawn.length;
  }
  return n;
}
function nlriObjects(): number {
  let n = 0;
  for (const b of bodies) n += decodeUpdateBody(b, ctx, 19).nlri.length;
  return n;
}
function visitor(): number {
  let n = 0;
  for (const b of bodies) {
    const u = decodeUpdateBody(b, ctx, 19);
    n += forEachNlri(u.nlriBytes, 1, false, (len, v4) => {
      sink ^= v4 + len;
    });
  }
  return n;
}
const prefixParser = new Parser().uint8("len").buffer("addr", {
  length: function (this: { len: number }) {
    return (this.len + 7) >> 3;
  },
});
const nlriParser = new Parser().array("prefixes", { type: prefixParser, readUntil: "eof" });
const nlriFields = bodies.map((b) => decodeUpdateBody(b, ctx, 19).nlriBytes);
function binaryParser(): number {
  let n = 0;
  for (const f of nlriFields) n += (nlriParser.parse(f) as { prefixes: unknown[] }).prefixes.length;
  return n;
}

/**
 * Prefixes per second over 7 runs after a warm-up: the best and the median by wall clock, and
 * the median per CPU second of this process (user + system), which a loaded shared machine
 * disturbs far less than wall time (the process is not charged while it waits for a core).
 */
function rate(f: () => number): { best: number; median: number; medianCpu: number } {
  f();
  f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const n = f();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    wall.push(n / (ms / 1000));
    cpu.push(n / ((c.user + c.system) / 1e6));
  }
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    best: Math.round(Math.max(...wall)),
    median: Math.round(med(wall)),
    medianCpu: Math.round(med(cpu)),
  };
}

const full_ = rate(full);
const nlri_ = rate(nlriObjects);
const visitor_ = rate(visitor);
const bp_ = rate(binaryParser);
const figures = {
  updates: bodies.length,
  fullPrefixesPerSec: full_.best,
  fullPrefixesPerSecMedian: full_.median,
  fullPrefixesPerCpuSecMedian: full_.medianCpu,
  nlriObjectsPrefixesPerSec: nlri_.best,
  visitorPrefixesPerSec: visitor_.best,
  visitorPrefixesPerCpuSecMedian: visitor_.medianCpu,
  binaryParserPrefixesPerSec: bp_.best,
  binaryParserPrefixesPerCpuSecMedian: bp_.medianCpu,
  loadAverage: loadavg()[0] ?? 0,
};
if (sink === 0.5) console.log("unreachable");
if (json) console.log(JSON.stringify(figures));
else for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(28)} ${v.toLocaleString("en")}`);
