/**
 * UPDATE encoding over a real full table: the 89,679 UPDATEs of one iBGP session in
 * `updates.et-header.2015.gz` (577,737 IPv4 prefixes, ORIGINATOR_ID/CLUSTER_LIST/LOCAL_PREF/
 * MED/communities on each), decoded once before timing. Measured in the same run, median of
 * `--runs` (default 7) after a warm-up:
 * - `reencode`: `encodeMessage` of every decoded UPDATE (plain values, attributes included):
 *   messages/s, prefixes/s and MB/s of output; `byteIdentical` counts the UPDATEs whose
 *   re-encoding equals the original bytes (checked once, outside the timing);
 * - `reencodeInto`: the same through `encodeMessageInto` into one reused `ByteWriter`, then
 *   `finish()` (an owned copy): what a send loop that keeps its writer pays;
 * - `copyBaseline`: `slice()` of the same original messages, the memcpy ceiling for MB/s;
 * - `pack`: `packUpdates` of 1,048,576 distinct /24 prefixes spread over the first 1,000 distinct
 *   attribute sets of the dump (about 1,049 prefixes per set): prefixes/s, UPDATEs produced,
 *   bytes; `packOneSet` is the same prefixes behind a single attribute set.
 * Run: `node --import tsx packages/bgp-wire/bench/update-encode.bench.ts [--json] [--runs N]`.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createContext } from "../src/context.js";
import { decodeMessage } from "../src/message/decode-message.js";
import { encodeMessage, encodeMessageInto } from "../src/message/encode-message.js";
import { packUpdates } from "../src/message/pack.js";
import { materializeUpdate } from "../src/message/update.js";
import { MrtReader } from "../src/mrt/reader.js";
import type { Nlri } from "../src/types/address.js";
import type { PathAttributes } from "../src/types/attributes.js";
import type { UpdateMessage } from "../src/types/messages.js";
import { ByteWriter } from "../src/writer.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;

const file = new URL(
  "../../../../shared/fixtures/mrt/bgpdump/test_data/updates.et-header.2015.gz",
  import.meta.url,
);
const dump = new Uint8Array(gunzipSync(readFileSync(file)));
const ctx = createContext({ asn4: true });

// The UPDATEs of the dump's BGP4MP_ET MESSAGE_AS4 records (RFC 6396 §4.4.3), as owned bytes and
// as fully decoded plain values.
const originals: Uint8Array[] = [];
const updates: UpdateMessage[] = [];
let prefixCount = 0;
for (const rec of new MrtReader(dump)) {
  if (rec.type !== "BGP4MP_MESSAGE" || rec.message[18] !== 2) continue;
  const m = decodeMessage(rec.message, ctx);
  if (m.type !== "UPDATE") continue;
  const u = materializeUpdate(m);
  originals.push(rec.message.slice());
  updates.push(u);
  prefixCount += u.nlri.length + u.withdrawn.length;
}
const originalBytes = originals.reduce((n, b) => n + b.length, 0);

let byteIdentical = 0;
for (let i = 0; i < updates.length; i++) {
  const a = encodeMessage(updates[i]!, ctx);
  const b = originals[i]!;
  if (a.length === b.length && a.every((x, k) => x === b[k])) byteIdentical++;
}

// 2^20 distinct /24s (1.0.0.0/24 .. 16.255.255.0/24) over 1,000 real attribute sets.
const SETS = 1000;
const PREFIXES = 1 << 20;
const attributeSets: PathAttributes[] = [];
for (const u of updates) {
  if (u.nlri.length > 0 && attributeSets.length < SETS) attributeSets.push(u.attributes);
}
const groups: Nlri[][] = attributeSets.map(() => []);
for (let i = 0; i < PREFIXES; i++) {
  groups[i % SETS]!.push({ prefix: { afi: 1, addr: (0x01000000 + i * 256) >>> 0, len: 24 } });
}
const everything = groups.flat();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time in seconds of `runs` runs of `f`, after one warm-up run. */
function seconds(f: () => number): { s: number; out: number } {
  let out = f();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    out = f();
    times.push((performance.now() - t0) / 1000);
  }
  return { s: median(times), out };
}

function reencode(): number {
  let bytes = 0;
  for (const u of updates) bytes += encodeMessage(u, ctx).length;
  return bytes;
}

// The hot send loop of the README: one writer reused, an owned copy of each message.
const shared = new ByteWriter(65535);
function reencodeInto(): number {
  let bytes = 0;
  for (const u of updates) {
    shared.reset();
    encodeMessageInto(shared, u, ctx);
    bytes += shared.finish().length;
  }
  return bytes;
}

function copyBaseline(): number {
  let bytes = 0;
  for (const b of originals) bytes += b.slice().length;
  return bytes;
}

let packedUpdates = 0;
function pack(sets: readonly PathAttributes[], lists: readonly Nlri[][]): number {
  let bytes = 0;
  packedUpdates = 0;
  for (let g = 0; g < lists.length; g++) {
    for (const msg of packUpdates({ attributes: sets[g]!, announce: lists[g]! }, ctx)) {
      bytes += msg.length;
      packedUpdates++;
    }
  }
  return bytes;
}

const enc = seconds(reencode);
const into = seconds(reencodeInto);
const copy = seconds(copyBaseline);
const packed = seconds(() => pack(attributeSets, groups));
const packedCount = packedUpdates;
const one = seconds(() => pack([attributeSets[0]!], [everything]));
const oneCount = packedUpdates;

const round = (x: number): number => Math.round(x);
const mb = (bytes: number, s: number): number => Math.round((bytes / s / 1e6) * 10) / 10;
const figures = {
  runs,
  updates: updates.length,
  prefixes: prefixCount,
  byteIdentical,
  reencodeMessagesPerSec: round(updates.length / enc.s),
  reencodePrefixesPerSec: round(prefixCount / enc.s),
  reencodeMBPerSec: mb(enc.out, enc.s),
  reencodeIntoMessagesPerSec: round(updates.length / into.s),
  reencodeIntoMBPerSec: mb(into.out, into.s),
  copyBaselineMBPerSec: mb(copy.out, copy.s),
  originalMB: Math.round(originalBytes / 1e4) / 100,
  packPrefixes: PREFIXES,
  packAttributeSets: attributeSets.length,
  packPrefixesPerSec: round(PREFIXES / packed.s),
  packUpdates: packedCount,
  packBytes: packed.out,
  packMBPerSec: mb(packed.out, packed.s),
  packOneSetPrefixesPerSec: round(PREFIXES / one.s),
  packOneSetUpdates: oneCount,
  packOneSetBytes: one.out,
};
if (json) console.log(JSON.stringify(figures));
else for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(26)} ${v.toLocaleString("en")}`);
